package dev.policymonitor.fetcher.wayback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.fetcher.FetchState;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.Digests;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.FakeWayback;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * First-sight backfill as the fetcher runs it: a document without any known snapshot gets its Wayback history
 * published in the background while its live polling goes on; a known document is not backfilled.
 */
class FirstSightBackfillTest {
  private static final String LIVE_PAGE = "<html><body><h1>Privacy</h1><p>Today's policy.</p></body></html>";

  @StartStop final MockWebServer site = new MockWebServer();
  @StartStop final MockWebServer archive = new MockWebServer();

  private final FakeWayback wayback = new FakeWayback();
  /** Held shut until the test has seen live polls during the backfill; captures wait for it. */
  private final CountDownLatch captures = new CountDownLatch(1);
  private final Map<String, AtomicInteger> liveHits = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private final FetchStateStore state = FetchStateStore.inMemory();
  private final FetcherConfig config = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .retries(1, Duration.ofMillis(20), Duration.ofMillis(100)).allowPrivateTargets(true).build();
  private FirstSightBackfill backfill;
  private FetcherService service;

  @BeforeEach
  void setUp() {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        liveHits.computeIfAbsent(request.getUrl().encodedPath(), p -> new AtomicInteger()).incrementAndGet();
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body(LIVE_PAGE).build();
      }
    });
    archive.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().startsWith("/web/")) {
          captures.await(30, TimeUnit.SECONDS);
        }
        return wayback.dispatch(request);
      }
    });
    for (String url : List.of(url("new"), url("known"))) {
      for (int year = 2021; year <= 2023; year++) {
        wayback.add(new FakeWayback.Capture(year + "0101000000", url, "text/html",
            ("<html><body><p>Policy of " + year + " at " + url + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8)));
      }
    }
    WaybackConfig waybackConfig = WaybackConfig.defaults(archive.url("/").toString())
        .withBudget(600, 50, Duration.ofMillis(50)).withBackoff(Duration.ofMillis(20));
    WaybackMetrics waybackMetrics = Meters.bound(new WaybackMetrics(), registry);
    WaybackBudget budget = new WaybackBudget(waybackConfig, waybackMetrics);
    WaybackClient client = new WaybackClient(HttpClients.create(config), waybackConfig, config.userAgent(), budget,
        waybackMetrics, config.maxBodyBytes());
    FetcherMetrics metrics = Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry);
    backfill = new FirstSightBackfill(new WaybackBackfill(client, budget, waybackConfig, sink, state,
        BackfillProgress.inMemory(), metrics, Clock.systemUTC()), waybackMetrics);
    PolicyFetcher fetcher = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    service = new FetcherService(new PoliteFetcher(fetcher, new HostRateLimiter(100, Duration.ofSeconds(1)), config),
        sink, state, metrics, config, Clock.systemUTC(), line -> { }, backfill);
  }

  @AfterEach
  void tearDown() {
    captures.countDown();
    service.close();
    backfill.close();
  }

  private String url(String vendor) {
    return site.url("/" + vendor + "/privacy").toString();
  }

  private Target target(String vendor) {
    return new Target(vendor, vendor, DocumentDeclaration.of("privacy-policy", url(vendor)), Duration.ofMillis(100));
  }

  private List<Snapshot> published(String vendor, SnapshotSource source) {
    return sink.snapshots.stream().filter(s -> s.vendor().equals(vendor) && s.source() == source).toList();
  }

  private double backfills(String outcome) {
    Counter c = registry.find("policy.wayback.backfills").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldBackfillANewDocumentInTheBackgroundWhileItsLivePollingGoesOnAndLeaveAKnownOneAlone() {
    String knownDigest = Digests.sha1Base32("<html>seen before</html>".getBytes(StandardCharsets.UTF_8));
    state.put(FetchState.empty("known", "privacy-policy").withDigest(Instant.parse("2025-01-01T00:00:00Z"),
        knownDigest, SnapshotSource.LIVE));

    service.track(target("known"));
    service.track(target("new"));

    // The capture downloads are held: the backfill has listed the history and waits, live checks carry on.
    await().atMost(Duration.ofSeconds(20)).until(() -> wayback.hits("cdx").size() == 1
        && liveHits.getOrDefault("/new/privacy", new AtomicInteger()).get() >= 3);
    assertThat(published("new", SnapshotSource.WAYBACK)).isEmpty();
    assertThat(published("new", SnapshotSource.LIVE)).hasSize(1);

    captures.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> backfills(FirstSightBackfill.COMPLETED) == 1);

    List<String> archived = wayback.captures(url("new")).stream().map(FakeWayback.Capture::digest).toList();
    assertThat(published("new", SnapshotSource.WAYBACK)).extracting(Snapshot::digest)
        .containsExactlyElementsOf(archived);
    assertThat(published("new", SnapshotSource.WAYBACK)).extracting(Snapshot::capturedAt)
        .containsExactly(Instant.parse("2021-01-01T00:00:00Z"), Instant.parse("2022-01-01T00:00:00Z"),
            Instant.parse("2023-01-01T00:00:00Z"));
    assertThat(state.get(target("new").key()).digests()).hasSize(archived.size() + 1);
    // The known document was polled live, but never looked up in the archive.
    assertThat(published("known", SnapshotSource.WAYBACK)).isEmpty();
    assertThat(published("known", SnapshotSource.LIVE)).isNotEmpty();
    assertThat(wayback.hits("cdx")).hasSize(1).allSatisfy(h -> assertThat(h.status()).isEqualTo(200));
    assertThat(archive.getRequestCount()).isEqualTo(1 + archived.size());
    assertThat(registry.find("policy.wayback.requests").tag("endpoint", "content").counter().count())
        .isEqualTo(archived.size());
    assertThat(backfills(FirstSightBackfill.WITH_ERRORS) + backfills(FirstSightBackfill.FAILED)).isZero();
  }

  @Test
  void shouldBackfillADocumentOnlyOnceEvenWhenItIsTrackedAgain() {
    service.track(target("new"));
    captures.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> backfills(FirstSightBackfill.COMPLETED) == 1);
    service.untrack(target("new").key());
    backfill.firstSight(target("new"));
    service.track(target("new"));
    await().atMost(Duration.ofSeconds(20)).until(() -> liveHits.get("/new/privacy").get() >= 3);

    assertThat(wayback.hits("cdx")).hasSize(1);
    assertThat(published("new", SnapshotSource.WAYBACK)).hasSize(3);
  }

  @Test
  void shouldCountAndSurviveABackfillThatCannotReachTheArchive() throws Exception {
    archive.close();
    captures.countDown();
    service.track(target("new"));

    await().atMost(Duration.ofSeconds(30)).until(() -> backfills(FirstSightBackfill.WITH_ERRORS) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> liveHits.getOrDefault("/new/privacy", new AtomicInteger())
        .get() >= 3);
    assertThat(published("new", SnapshotSource.WAYBACK)).isEmpty();
    assertThat(published("new", SnapshotSource.LIVE)).hasSize(1);
    assertThat(sink.errors).anySatisfy(e -> assertThat(e.source()).isEqualTo(SnapshotSource.WAYBACK));
  }
}
