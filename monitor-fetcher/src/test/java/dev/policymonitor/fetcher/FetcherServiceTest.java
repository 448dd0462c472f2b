package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.policymonitor.runtime.LogContext;
import dev.policymonitor.testing.CapturedLogs;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The fetcher's checks; its hostile inputs (bombs, huge and slow pages, bad charsets) are HostileInputFetcherTest. */
class FetcherServiceTest {
  private static final String PAGE = "<html><head><title>Privacy</title></head><body><p>We respect you.</p></body></html>";

  @StartStop final MockWebServer server = new MockWebServer();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private final FetchStateStore state = FetchStateStore.inMemory();
  private FetcherConfig config = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .retries(3, Duration.ofMillis(20), Duration.ofMillis(100))
      .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10))
      .maxBodyBytes(1024 * 1024).allowPrivateTargets(true).build(); // MockWebServer listens on loopback

  private FetcherService service() {
    return service(CheckScheduler.threads(1));
  }

  private FetcherService service(CheckScheduler scheduler) {
    return new FetcherService(polite(new HostRateLimiter(config.hostRequests(), config.hostPeriod())), sink, state,
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry), config, Clock.systemUTC(), line -> { },
        FirstSightListener.NONE, scheduler);
  }

  private PoliteFetcher polite(HostRateLimiter limiter) {
    return new PoliteFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC()), limiter, config);
  }

  private Target target(String path) {
    return new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", server.url(path).toString()),
        Duration.ofHours(1));
  }

  private static MockResponse html(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8").body(body)
        .build();
  }

  private double checks(String outcome) {
    var c = registry.find("policy.fetch.checks").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldPublishASnapshotOfAFetchedPage() throws Exception {
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      FetchResult r = s.check(target("/privacy"));
      assertThat(r).isInstanceOf(FetchResult.Fetched.class);
    }
    assertThat(sink.snapshots).hasSize(1);
    var snap = sink.snapshots.get(0);
    assertThat(snap.source()).isEqualTo(SnapshotSource.LIVE);
    assertThat(snap.contentType()).isEqualTo("text/html");
    assertThat(snap.charset()).isEqualTo("UTF-8");
    assertThat(new String(snap.body(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
    var request = server.takeRequest();
    assertThat(request.getHeaders().get("User-Agent")).startsWith("policy-monitor/").contains("(+https://");
    assertThat(checks(FetcherMetrics.FETCHED)).isEqualTo(1);
    assertThat(registry.find("policy.snapshots.published").tag("source", "live").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldSendTheEtagBackAndPublishNothingOn304() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .setHeader("ETag", "\"v1\"").setHeader("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT").body(PAGE).build());
    server.enqueue(new MockResponse.Builder().code(304).setHeader("ETag", "\"v1\"").build());
    try (FetcherService s = service()) {
      s.check(target("/p"));
      FetchResult second = s.check(target("/p"));
      assertThat(second).isInstanceOf(FetchResult.NotModified.class);
    }
    server.takeRequest();
    var conditional = server.takeRequest();
    assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(conditional.getHeaders().get("If-Modified-Since")).isEqualTo("Mon, 02 Nov 2026 10:00:00 GMT");
    assertThat(sink.snapshots).hasSize(1);
    assertThat(checks(FetcherMetrics.NOT_MODIFIED)).isEqualTo(1);
  }

  @Test
  void shouldNotRepublishIdenticalBytes() {
    server.enqueue(html(PAGE));
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      s.check(target("/p"));
      assertThat(s.check(target("/p"))).isInstanceOf(FetchResult.NotModified.class);
    }
    assertThat(sink.snapshots).hasSize(1);
    assertThat(checks(FetcherMetrics.UNCHANGED)).isEqualTo(1);
  }

  @Test
  void shouldNotRepublishALivePageEqualToTheNewestWaybackCapture() {
    byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
    state.put(FetchState.empty("acme", "privacy-policy").withDigest(Instant.parse("2026-01-01T00:00:00Z"),
        dev.policymonitor.model.Digests.sha1Base32(bytes), SnapshotSource.WAYBACK));
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      assertThat(s.check(target("/p"))).isInstanceOf(FetchResult.NotModified.class);
    }
    assertThat(sink.snapshots).isEmpty();
  }

  @Test
  void shouldFollowRedirectsAndRecordTheFinalUrl() {
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", "/second").build());
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/final-policy").build());
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      s.check(target("/first"));
    }
    assertThat(sink.snapshots).singleElement()
        .satisfies(snap -> assertThat(snap.url()).isEqualTo(server.url("/final-policy").toString()));
  }

  @Test
  void shouldReportARedirectLoopOnceWithoutRetrying() {
    for (int i = 0; i < 30; i++) {
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/loop").build());
    }
    try (FetcherService s = service()) {
      s.check(target("/loop"));
    }
    assertThat(server.getRequestCount()).as("one attempt: the first request and 20 redirects").isEqualTo(21);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.TOO_MANY_REDIRECTS);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.message()).startsWith("too many redirects");
    });
  }

  @Test
  void shouldReport403AsBlockedWithoutRetrying() {
    server.enqueue(new MockResponse.Builder().code(403).body("forbidden").build());
    try (FetcherService s = service()) {
      s.check(target("/p"));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.BLOCKED);
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
    });
    assertThat(registry.find("policy.fetch.errors").tag("kind", "blocked").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldLogAFailedCheckWithVendorAndDocumentAsStructuredFields() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FetcherService.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    server.enqueue(new MockResponse.Builder().code(403).body("forbidden").build());
    try (FetcherService s = service()) {
      s.check(target("/p"));
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("fetch failed")).singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap())
            .containsEntry(dev.policymonitor.runtime.LogContext.VENDOR, target("/p").vendor())
            .containsEntry(dev.policymonitor.runtime.LogContext.DOCUMENT, target("/p").key().document()));
    assertThat(org.slf4j.MDC.get(dev.policymonitor.runtime.LogContext.VENDOR)).isNull();
  }

  @Test
  void shouldLogACheckCutShortByTheShutdownAtInfoAndPublishNoError() throws Exception {
    config = config.toBuilder().retries(3, Duration.ofMinutes(1), Duration.ofMinutes(1)).build();
    server.enqueue(new MockResponse.Builder().code(503).build());
    try (CapturedLogs logs = CapturedLogs.of(Level.INFO, FetcherService.class.getName())) {
      FetcherService s = service();
      s.track(target("/p"));
      server.takeRequest(); // the check now waits a minute before its second attempt
      s.close();

      // the worker stops after close returns: wait for its last word
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(logs.messages(Level.INFO)).anySatisfy(m -> assertThat(m)
              .isEqualTo("vendor=acme document=privacy-policy check interrupted: the fetcher is stopping")));
      assertThat(logs.at(Level.ERROR)).isEmpty();
      assertThat(logs.at(Level.INFO)).filteredOn(e -> e.getFormattedMessage().contains("interrupted")).singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry(LogContext.VENDOR, "acme"));
    }
    assertThat(sink.errors).as("a check cut short is not a failure of the site").isEmpty();
  }

  @Test
  void shouldRefuseToTrackATargetThatCannotBePolled() {
    Target negative = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy",
        server.url("/p").toString()), Duration.ofSeconds(-5));
    Target noHost = new Target("acme", "Acme", DocumentDeclaration.of("terms", "file:///etc/passwd"),
        Duration.ofHours(1));

    assertThat(FetcherService.unpollable(negative)).contains("poll interval PT-5S is not positive");
    assertThat(FetcherService.unpollable(noHost)).hasValueSatisfying(why -> assertThat(why)
        .contains("not an http(s) URL with a host"));
    assertThat(FetcherService.unpollable(target("/p"))).isEmpty();
    try (FetcherService s = service(new ManualScheduler())) {
      assertThatThrownBy(() -> s.track(negative)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not positive");
      assertThat(s.tracked()).isEmpty();
    }
  }

  @Test
  void shouldRetryA429AndSucceed() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      assertThat(s.check(target("/p"))).isInstanceOf(FetchResult.Fetched.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sink.errors).isEmpty();
  }

  @Test
  void shouldWaitWhatRetryAfterSaysAndBackOffExponentiallyWithoutIt() {
    PoliteFetcher polite = polite(new HostRateLimiter(100, Duration.ofSeconds(1)));
    FetchError error = new FetchError("acme", "privacy-policy", "https://acme.test/p", SnapshotSource.LIVE,
        FetchErrorKind.BLOCKED, 429, 1, true, "HTTP 429", Instant.EPOCH);

    assertThat(polite.delay(new FetchResult.Failed(error, Duration.ofSeconds(7)), 1)).isEqualTo(Duration.ofSeconds(7));
    // config: base 20 ms doubling to at most 100 ms, +/- 12.5 % jitter
    assertThat(polite.delay(new FetchResult.Failed(error, null), 1).toMillis()).isBetween(17L, 23L);
    assertThat(polite.delay(new FetchResult.Failed(error, null), 2).toMillis()).isBetween(35L, 45L);
    assertThat(polite.delay(new FetchResult.Failed(error, null), 10).toMillis()).isBetween(87L, 113L);
  }

  @Test
  void shouldReport429AsBlockedWhenRetryAfterIsTooLong() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
    try (FetcherService s = service()) {
      var r = s.check(target("/p"));
      assertThat(r).isInstanceOfSatisfying(FetchResult.Failed.class,
          f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofHours(1)));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.BLOCKED);
      assertThat(e.mayBeTransient()).isTrue();
    });
  }

  @Test
  void shouldRetryA503AndSucceed() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(html(PAGE));
    try (FetcherService s = service()) {
      assertThat(s.check(target("/p"))).isInstanceOf(FetchResult.Fetched.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sink.errors).isEmpty();
  }

  @Test
  void shouldGiveUpAfterBoundedAttemptsOn5xx() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(502).build());
    }
    try (FetcherService s = service()) {
      s.check(target("/p"));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.HTTP_5XX);
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.mayBeTransient()).isTrue();
    });
  }

  @Test
  void shouldUseTheMetaCharsetWhenTheHeaderIsWrong() {
    String text = "<html><head><meta charset=\"windows-1252\"></head><body>Donn\u00e9es personnelles \u2013 s\u00e9curit\u00e9</body></html>";
    byte[] cp1252 = text.getBytes(java.nio.charset.Charset.forName("windows-1252"));
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
        .body(new Buffer().write(cp1252)).build());
    try (FetcherService s = service()) {
      s.check(target("/p"));
    }
    assertThat(sink.snapshots).singleElement().satisfies(snap -> {
      assertThat(snap.charset()).isEqualTo("windows-1252");
      assertThat(snap.body()).isEqualTo(cp1252);
    });
  }

  @Test
  void shouldDecodeGzipAndDeflate() throws Exception {
    byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .setHeader("Content-Encoding", "gzip").body(new Buffer().write(gzip(page))).build());
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write((PAGE + " ").getBytes(StandardCharsets.UTF_8));
    }
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .setHeader("Content-Encoding", "deflate").body(new Buffer().write(deflated.toByteArray())).build());
    try (FetcherService s = service()) {
      s.check(target("/gz"));
      s.check(target("/gz"));
    }
    assertThat(sink.snapshots).hasSize(2);
    assertThat(sink.snapshots.get(0).body()).isEqualTo(page);
    assertThat(new String(sink.snapshots.get(1).body(), StandardCharsets.UTF_8)).isEqualTo(PAGE + " ");
    assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).contains("gzip").contains("deflate");
  }

  @Test
  void shouldAcceptAPdf() {
    byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/pdf")
        .body(new Buffer().write(pdf)).build());
    try (FetcherService s = service()) {
      s.check(target("/policy.pdf"));
    }
    assertThat(sink.snapshots).singleElement().satisfies(snap -> {
      assertThat(snap.contentType()).isEqualTo("application/pdf");
      assertThat(snap.charset()).isNull();
      assertThat(snap.body()).isEqualTo(pdf);
    });
  }

  @Test
  void shouldSpaceRequestsToOneHostButNotOtherHosts() {
    server.enqueue(html(PAGE));
    server.enqueue(html(PAGE + " "));
    FakeTicker ticker = new FakeTicker();
    HostRateLimiter limiter = new HostRateLimiter(1, Duration.ofMillis(400), ticker);
    PoliteFetcher polite = polite(limiter);

    polite.fetch(target("/a"), null, false);
    assertThat(ticker.sleeps()).as("the host's first request takes its token at once").isEmpty();
    polite.fetch(new Target("other", "Other", DocumentDeclaration.of("terms", server.url("/b").toString()),
        Duration.ofHours(1)), null, false);

    assertThat(ticker.sleeps()).as("a second vendor on the same host waits for the host's token")
        .containsExactly(Duration.ofMillis(400));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(limiter.tryAcquire("another-host.example")).as("another host has its own bucket").isZero();
  }

  @Test
  void shouldPollTrackedDocumentsOnTheirIntervalAndStopWhenUntracked() {
    Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        hits.computeIfAbsent(request.getUrl().encodedPath(), p -> new AtomicInteger()).incrementAndGet();
        return html(PAGE + request.getUrl().encodedPath());
      }
    });
    config = config.toBuilder().jitter(0).build();
    Target a = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", server.url("/a").toString()),
        Duration.ofSeconds(10));
    Target b = new Target("bravo", "Bravo", DocumentDeclaration.of("privacy-policy", server.url("/b").toString()),
        Duration.ofSeconds(10));
    ManualScheduler scheduler = new ManualScheduler();
    try (FetcherService s = service(scheduler)) {
      s.track(a);
      s.track(b);
      scheduler.advance(Duration.ofSeconds(1)); // the first check comes within a quarter second
      assertThat(hits.get("/a")).hasValue(1);
      assertThat(hits.get("/b")).hasValue(1);

      s.untrack(a.key());
      scheduler.advance(Duration.ofSeconds(35));

      assertThat(hits.get("/b")).as("the schedule kept running: b was checked every 10 s").hasValue(4);
      assertThat(hits.get("/a")).as("a was not checked again once untracked").hasValue(1);
      assertThat(s.tracked()).containsExactly(b.key());
      assertThat(scheduler.pending()).as("only b's next check is waiting").isEqualTo(1);
    }
    assertThat(registry.find("policy.vendor.freshness").tag("vendor", "acme").gauge()).isNotNull();
  }

  @Test
  void shouldKeepAPausedDocumentTrackedButNotPollItUntilResumed() {
    AtomicInteger hits = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        hits.incrementAndGet();
        return html(PAGE);
      }
    });
    config = config.toBuilder().jitter(0).build();
    Target a = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", server.url("/a").toString()),
        Duration.ofSeconds(10));
    ManualScheduler scheduler = new ManualScheduler();
    try (FetcherService s = service(scheduler)) {
      s.track(a);
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(hits).as("polled before the pause").hasValue(1);

      s.track(a.withDeclaration(a.declaration().withPaused(true)));
      scheduler.advance(Duration.ofSeconds(35));
      assertThat(hits).as("not polled while paused").hasValue(1);
      assertThat(s.tracked()).isEmpty();
      assertThat(s.paused()).containsExactly(a.key());

      s.track(a);
      scheduler.advance(Duration.ofSeconds(15));
      assertThat(hits).as("polled again once resumed: at once, then 10 s later").hasValue(3);
      assertThat(s.tracked()).containsExactly(a.key());
      assertThat(s.paused()).isEmpty();
    }
  }

  @Test
  void shouldPreviewAPageOnceWithTheHostBudgetAndSayWhenItIsSpent() throws Exception {
    server.enqueue(html(PAGE));
    HostRateLimiter limiter = new HostRateLimiter(1, Duration.ofHours(1));
    PreviewFetcher previews = new PreviewFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(),
        config.maxBodyBytes(), Clock.systemUTC()), limiter);

    FetchResult result = previews.fetch(target("/privacy"));

    assertThat(result).isInstanceOfSatisfying(FetchResult.Fetched.class,
        f -> assertThat(new String(f.snapshot().body(), StandardCharsets.UTF_8)).isEqualTo(PAGE));
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo(config.userAgent());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> previews.fetch(target("/other")))
        .isInstanceOf(PreviewFetcher.HostBusy.class).hasMessageContaining("politeness budget for " + target("/other").host())
        .satisfies(e -> assertThat(((PreviewFetcher.HostBusy) e).retryAfter()).isPositive());
    assertThat(server.getRequestCount()).as("the second preview was not sent").isEqualTo(1);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

}
