package dev.policymonitor.fetcher.wayback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FakeTicker;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.Ticker;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.DroppingConnections;
import dev.policymonitor.testing.FakeWayback;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lost-capture case: a Wayback stand-in that answers one 429 and, during the pause that follows, closes the
 * keep-alive connections the client holds (as real servers do after a minute of silence). Every capture must still
 * be published, and no request attempt may be spent on a connection the server had closed. The pause is the real
 * default (60 s) on fake time, so the test waits for nothing.
 */
class WaybackStaleConnectionTest {
  private static final String URL = "https://example.com/privacy";
  private static final int CAPTURES = 10;

  private final MockWebServer server = new MockWebServer();
  private final DroppingConnections connections = new DroppingConnections();
  private final FakeWayback wayback = new FakeWayback();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    server.close();
  }

  /** Fake time where a long wait (the 429 pause) is also long enough for the server to drop idle connections. */
  private Ticker pausesDropIdleConnections(FakeTicker time, Duration pause) {
    return new Ticker() {
      @Override
      public long nanoTime() {
        return time.nanoTime();
      }

      @Override
      public void sleep(long nanos) {
        if (nanos >= pause.toNanos() / 2) {
          connections.dropIdle();
        }
        time.sleep(nanos);
      }
    };
  }

  @Test
  void shouldPublishEveryCaptureAcrossA429PauseWhileTheArchiveDropsIdleConnections() throws Exception {
    for (int i = 0; i < CAPTURES; i++) {
      wayback.add(new FakeWayback.Capture(String.format("2025%02d01000000", i + 1), URL, "text/html",
          ("<html><body><p>Version " + i + " of the policy.</p></body></html>").getBytes(StandardCharsets.UTF_8)));
    }
    wayback.throttle("content", 4);
    server.setServerSocketFactory(connections);
    server.setDispatcher(wayback);
    server.start();
    WaybackConfig config = WaybackConfig.defaults(server.url("/").toString()).withBackoff(Duration.ofMillis(10));
    WaybackMetrics metrics = Meters.bound(new WaybackMetrics(), registry);
    WaybackBudget budget = new WaybackBudget(config, metrics,
        pausesDropIdleConnections(new FakeTicker(), config.pause()));
    WaybackClient client = new WaybackClient(HttpClients.create(FetcherConfig.builder().allowPrivateTargets(true).build()), config,
        FetcherConfig.defaults().userAgent(), budget, metrics, 1024 * 1024);
    RecordingSink sink = new RecordingSink();
    WaybackBackfill backfill = new WaybackBackfill(client, budget, config, sink, FetchStateStore.inMemory(),
        BackfillProgress.inMemory(), Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry),
        Clock.systemUTC());
    Target target = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", URL), Duration.ofHours(6));

    BackfillSummary summary = backfill.run(List.of(target), null, null, BackfillListener.NONE);

    assertThat(wayback.hits().stream().filter(h -> h.status() == 429)).as("the one 429").hasSize(1);
    assertThat(connections.dropped()).as("connections the archive closed during the pause").isPositive();
    assertThat(summary.published()).isEqualTo(CAPTURES);
    assertThat(summary.errors()).isZero();
    assertThat(sink.errors).isEmpty();
    assertThat(sink.snapshots).extracting(Snapshot::digest)
        .containsExactlyElementsOf(wayback.captures(URL).stream().map(FakeWayback.Capture::digest).toList());
    assertThat(registry.find("policy.wayback.requests").tag("outcome", "error").counters()).as(
        "attempts lost to stale connections").allSatisfy(c -> assertThat(c.count()).isZero());
  }
}
