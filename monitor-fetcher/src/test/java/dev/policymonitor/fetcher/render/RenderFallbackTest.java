package dev.policymonitor.fetcher.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FetchState;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.FirstSightListener;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.testing.Meters;
import dev.policymonitor.testing.ScriptedSite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which documents the fetcher renders: declared ones, and shells through the automatic fallback, remembered. */
class RenderFallbackTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private final FetchStateStore state = FetchStateStore.inMemory();
  /** The site listens on loopback: these fetchers may reach private addresses (cloud metadata stays refused). */
  private final FetcherConfig config = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .retries(1, Duration.ofMillis(20), Duration.ofMillis(100)).allowPrivateTargets(true).build();
  private ScriptedSite site;
  private HeadlessBrowser browser;

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private FetcherService service(Path chromium) throws Exception {
    return service(chromium, config);
  }

  /** A fetcher whose plain client and browser are both held to {@code config}'s target policy (SSRF guard). */
  private FetcherService service(Path chromium, FetcherConfig config) throws Exception {
    if (site == null) {
      site = new ScriptedSite();
    }
    if (browser != null) {
      browser.close();
    }
    browser = new HeadlessBrowser(RenderSettings.defaults().withChromium(chromium).withTimeout(Duration.ofSeconds(6)));
    browser.metrics().bindTo(registry);
    HostRateLimiter limiter = new HostRateLimiter(100, Duration.ofSeconds(1));
    PolicyFetcher plain = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    RenderRouter router = new RenderRouter(new BrowserFetcher(browser, limiter, config.userAgent(),
        new TargetRequestGuard(config.targetPolicy()), Clock.systemUTC()), state, Clock.systemUTC());
    return new FetcherService(new PoliteFetcher(plain, limiter, config), sink, state,
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry), config, Clock.systemUTC(), line -> { },
        FirstSightListener.NONE, router);
  }

  private Target target(String document, String path, RenderMode render, List<Selector> select) {
    return new Target("acme", "Acme", new DocumentDeclaration(document, site.url(path), select, null, null, render,
        null), Duration.ofHours(1));
  }

  private static String body(Snapshot s) {
    return new String(s.body(), StandardCharsets.UTF_8);
  }

  private double failures(String reason) {
    return registry.find("policy.render.failures").tag("reason", reason).counter().count();
  }

  @Test
  void shouldRenderAShellOnceThenKeepRenderingItWithoutAPlainFetch() throws Exception {
    FetcherService service = service(Chromium.require());
    Target t = target("privacy-policy", "/policy", null, List.of());

    service.check(t);

    assertThat(sink.snapshots).singleElement().satisfies(s -> {
      assertThat(s.rendered()).isEqualTo(Rendering.FALLBACK);
      assertThat(body(s)).contains(site.sentence);
      assertThat(s.contentType()).isEqualTo("text/html");
    });
    assertThat(state.get(t.key()).rendersByFallback()).isTrue();
    assertThat(site.plainHits("/policy")).isEqualTo(1);
    assertThat(site.browserHits("/policy")).isEqualTo(1);

    site.sentence = "We may share your personal data with our partners.";
    service.check(t);

    assertThat(site.plainHits("/policy")).as("no plain fetch once the fallback is adopted").isEqualTo(1);
    assertThat(site.browserHits("/policy")).isEqualTo(2);
    assertThat(sink.snapshots).hasSize(2);
    assertThat(sink.snapshots.get(1).rendered()).isEqualTo(Rendering.FALLBACK);
    assertThat(body(sink.snapshots.get(1))).contains(site.sentence);
    assertThat(registry.find("policy.renders").tag("trigger", "fallback").counter().count()).isEqualTo(2);
  }

  @Test
  void shouldKeepThePlainShellWhenTheRenderedPageHasNoTextEither() throws Exception {
    FetcherService service = service(Chromium.require());
    Target t = target("privacy-policy", "/empty", null, List.of());

    service.check(t);

    assertThat(site.browserHits("/empty")).as("the fallback tried the browser").isEqualTo(1);
    assertThat(sink.snapshots).singleElement().satisfies(s -> {
      assertThat(s.rendered()).isNull();
      assertThat(body(s)).contains("You need to enable JavaScript");
    });
    assertThat(state.get(t.key()).rendersByFallback()).isFalse();
    assertThat(failures("no-text")).isEqualTo(1);

    service.check(t);
    assertThat(site.plainHits("/empty")).isEqualTo(2);
    assertThat(site.browserHits("/empty")).as("an unchanged shell is not rendered again").isEqualTo(1);
  }

  @Test
  void shouldRenderADeclaredDocumentWaitingForItsSelectAndNeverRenderAStaticOne() throws Exception {
    FetcherService service = service(Chromium.require());
    Target declared = target("privacy-policy", "/policy", RenderMode.BROWSER, List.of(Selector.css("main p")));
    Target never = target("terms", "/empty", RenderMode.STATIC, List.of());

    service.check(declared);
    service.check(never);

    assertThat(site.plainHits("/policy")).as("a declared document is not fetched plainly first").isZero();
    assertThat(site.browserHits("/empty")).isZero();
    assertThat(sink.snapshots).hasSize(2);
    assertThat(sink.snapshots.get(0).rendered()).isEqualTo(Rendering.DECLARED);
    assertThat(body(sink.snapshots.get(0))).contains(site.sentence);
    assertThat(sink.snapshots.get(1).rendered()).isNull();
    assertThat(state.get(never.key()).rendersByFallback()).isFalse();
  }

  @Test
  void shouldRefuseAForbiddenTargetInTheBrowserAsThePlainFetcherDoes() throws Exception {
    Path chromium = Chromium.require();
    FetcherConfig strict = config.toBuilder().allowPrivateTargets(false).build();
    FetcherService service = service(chromium, strict);
    Target declared = target("privacy-policy", "/policy", RenderMode.BROWSER, List.of(Selector.css("main p")));

    service.check(declared);

    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.message()).isEqualTo("render (declared render: browser): navigation refused: 127.0.0.1 is a "
          + "loopback address; the fetcher reaches only public addresses; " + TargetPolicy.HOW_TO_ALLOW);
    });
    assertThat(site.browserHits("/policy")).as("the browser never reached the site").isZero();
    assertThat(site.plainHits("/policy")).isZero();

    int port = URI.create(site.url("/")).getPort();
    service(chromium, strict.toBuilder().allowTargets(TargetAllowList.parse(List.of("127.0.0.1:" + (port == 1 ? 2 : 1))))
        .build()).check(declared);
    assertThat(sink.errors).as("an entry for another port allows nothing here").hasSize(2)
        .allSatisfy(e -> assertThat(e.kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET));
    assertThat(site.browserHits("/policy")).isZero();

    service(chromium, strict.toBuilder().allowTargets(TargetAllowList.parse(List.of("127.0.0.1:" + port))).build())
        .check(declared);
    assertThat(sink.snapshots).as("allowTargets lets the page and its script through").singleElement()
        .satisfies(s -> assertThat(body(s)).contains(site.sentence));
    assertThat(site.browserHits("/app.js")).isEqualTo(1);
  }

  @Test
  void shouldNameARenderedTlsFailureAsThePlainFetcherDoesAndNotCallItTransient() throws Exception {
    FetcherService service = service(Chromium.require());
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!plain.isClosed()) {
          try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
            // Not TLS: a plain HTTP answer to the ClientHello, as a misconfigured port gives.
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();

      service.check(new Target("acme", "Acme", new DocumentDeclaration("privacy-policy", "https://127.0.0.1:"
          + plain.getLocalPort() + "/privacy", List.of(), null, null, RenderMode.BROWSER, null), Duration.ofHours(1)));
    }

    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.TLS);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.message()).startsWith("render (declared render: browser): ").contains("net::ERR_SSL_");
    });
  }

  @Test
  void shouldClassNavigationErrorsByChromiumsNetError() {
    assertThat(BrowserFetcher.navigationFailure("net::ERR_TOO_MANY_REDIRECTS at https://a.example/"))
        .isEqualTo(FetchErrorKind.TOO_MANY_REDIRECTS);
    assertThat(BrowserFetcher.navigationFailure("net::ERR_CERT_AUTHORITY_INVALID at https://a.example/"))
        .isEqualTo(FetchErrorKind.TLS);
    assertThat(BrowserFetcher.navigationFailure("net::ERR_SSL_PROTOCOL_ERROR at https://a.example/"))
        .isEqualTo(FetchErrorKind.TLS);
    assertThat(BrowserFetcher.navigationFailure("net::ERR_CONNECTION_REFUSED at http://a.example/"))
        .isEqualTo(FetchErrorKind.CONNECTION);
  }

  @Test
  void shouldReportRendererUnavailableForDocumentsThatNeedABrowserAndFetchTheOthers() throws Exception {
    FetcherService service = service(Path.of("/nonexistent/chromium"));
    Target declared = target("privacy-policy", "/policy", RenderMode.BROWSER, List.of());
    Target shell = target("cookies", "/empty", null, List.of());
    Target plain = target("terms", "/static", null, List.of());

    service.check(declared);
    service.check(shell);
    service.check(plain);

    assertThat(sink.errors).extracting(e -> e.document() + " " + e.kind())
        .containsExactly("privacy-policy " + FetchErrorKind.RENDERER_UNAVAILABLE,
            "cookies " + FetchErrorKind.RENDERER_UNAVAILABLE);
    assertThat(sink.errors).allSatisfy(e -> assertThat(e.message())
        .contains("no Chromium at /nonexistent/chromium").contains("apt-get install chromium")
        .contains(RenderSettings.CHROMIUM_ENV));
    assertThat(sink.errors.get(1).message()).contains("the plain page is a JavaScript shell");
    assertThat(sink.snapshots).singleElement().extracting(Snapshot::document).isEqualTo("terms");
    assertThat(FetchErrorKind.RENDERER_UNAVAILABLE.wire()).isEqualTo("renderer-unavailable");
  }

  @Test
  void shouldRememberTheFallbackInTheFetchStateRecordAndReadOldRecordsWithoutIt() {
    JsonSerde<FetchState> serde = new JsonSerde<>(FetchState.class);
    Instant since = Instant.parse("2026-11-30T10:00:00Z");
    FetchState adopted = FetchState.empty("acme", "privacy-policy")
        .withDigest(since, "D1", SnapshotSource.LIVE).withRenderSince(since);

    FetchState back = serde.deserialize(FetchStateStore.TOPIC.name(), serde.serialize("t", adopted));

    assertThat(back).isEqualTo(adopted);
    assertThat(back.rendersByFallback()).isTrue();
    assertThat(back.withDigest(since.plusSeconds(1), "D2", SnapshotSource.LIVE).renderSince()).isEqualTo(since);
    FetchState old = serde.deserialize("t", "{\"vendor\":\"acme\",\"document\":\"privacy-policy\",\"digests\":[]}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(old.rendersByFallback()).isFalse();
    assertThat(new String(serde.serialize("t", old), StandardCharsets.UTF_8)).doesNotContain("renderSince");
  }
}
