package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.FirstSightListener;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.SnapshotSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.fetcher.render.BrowserFetcher;
import dev.policymonitor.fetcher.render.HeadlessBrowser;
import dev.policymonitor.fetcher.render.RenderRouter;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.fetcher.render.RequestGuard;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.testing.Meters;
import dev.policymonitor.testing.ScriptedSite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.policymonitor.model.VendorsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportOtaCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void shouldWriteAVendorsFileTheMonitorAccepts() throws IOException {
    Path ota = Files.createDirectory(dir.resolve("declarations"));
    Files.writeString(ota.resolve("Buffer.json"), "{\"name\": \"Buffer\", \"terms\": {\"Privacy Policy\": {"
        + "\"fetch\": \"https://buffer.com/legal\", \"select\": [\"[aria-labelledby=privacy-policy]\", "
        + "{\"startAfter\": \"#a\", \"endBefore\": \"#b\"}], \"filter\": [\"cleanUp\"]}}}");
    Path yaml = dir.resolve("vendors.yaml");
    assertThat(cli.run("vendors", "import-ota", ota.toString(), "--output", yaml.toString())).isZero();
    VendorsConfig config = VendorsConfig.load(yaml);
    assertThat(config.targets()).singleElement().satisfies(t -> {
      assertThat(t.key().toString()).isEqualTo("buffer/privacy-policy");
      assertThat(t.url()).isEqualTo("https://buffer.com/legal");
      assertThat(t.declaration().select()).containsExactly(Selector.css("[aria-labelledby=privacy-policy]"),
          new Selector(null, null, "#a", "#b", null));
      assertThat(t.declaration().filters()).containsExactly("cleanUp");
    });
    assertThat(cli.err()).contains("filter 'cleanUp'").contains("imported 1 vendor(s), 1 document(s)");
  }

  @Test
  void shouldImportExecuteClientScriptsAsATargetThatRendersInTheBrowser() throws Exception {
    try (ScriptedSite site = new ScriptedSite();
        HeadlessBrowser browser = new HeadlessBrowser(RenderSettings.defaults().withChromium(Chromium.require()))) {
      Path ota = Files.createDirectory(dir.resolve("declarations"));
      Files.writeString(ota.resolve("Scripted.json"), "{\"name\": \"Scripted\", \"terms\": {\"Privacy Policy\": {"
          + "\"fetch\": \"" + site.url("/policy") + "\", \"select\": [\"main\"], \"executeClientScripts\": true}}}");
      Path yaml = dir.resolve("vendors.yaml");

      assertThat(cli.run("vendors", "import-ota", ota.toString(), "--output", yaml.toString())).isZero();

      assertThat(Files.readString(yaml)).contains("render: \"browser\"").doesNotContain("executeClientScripts");
      // The site is local: loaded as a fetcher with POLICY_MONITOR_ALLOW_PRIVATE_TARGETS=true would load it.
      Target target = VendorsConfig.load(yaml, true).targets().get(0);
      assertThat(target.declaration().render()).isEqualTo(RenderMode.BROWSER);
      List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
      SnapshotSink sink = new SnapshotSink() {
        @Override
        public void publish(Snapshot snapshot) {
          snapshots.add(snapshot);
        }

        @Override
        public void publish(FetchError error) {
          throw new AssertionError("fetch error: " + error);
        }
      };
      FetchStateStore state = FetchStateStore.inMemory();
      FetcherConfig config = FetcherConfig.defaults();
      HostRateLimiter limiter = new HostRateLimiter(10, Duration.ofSeconds(1));
      FetcherService service = new FetcherService(new PoliteFetcher(new PolicyFetcher(HttpClients.create(config),
          config.userAgent(), config.maxBodyBytes(), Clock.systemUTC()), limiter, config), sink, state,
          Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config, Clock.systemUTC(),
          line -> { },
          FirstSightListener.NONE, new RenderRouter(new BrowserFetcher(browser, limiter, config.userAgent(),
              RequestGuard.ALLOW_ALL, Clock.systemUTC()), state, Clock.systemUTC()));

      service.check(target);

      assertThat(snapshots).singleElement().satisfies(s -> {
        assertThat(s.rendered()).isEqualTo(Rendering.DECLARED);
        assertThat(new String(s.body(), StandardCharsets.UTF_8)).contains(site.sentence);
      });
      assertThat(site.plainHits("/policy")).isZero();
    }
  }

  @Test
  void shouldExitWithUsageErrorWithoutDeclarations() {
    assertThat(cli.run("vendors", "import-ota", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("policy-monitor: no OTA declaration (<Service>.json) in " + dir + "\n");
  }
}
