package dev.policymonitor.fetcher.wayback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.fetcher.FakeTicker;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Corpus;
import dev.policymonitor.testing.FakeWayback;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaybackBackfillTest {
  /** The fake archive listens on loopback: the SSRF guard lets it through. */
  private static final FetcherConfig LOCAL = FetcherConfig.builder().allowPrivateTargets(true).build();

  private static final Map<String, String> SERVICES = Map.of(
      "buffer", "https://buffer.com/privacy",
      "github", "https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement",
      "npm-public-registry", "https://docs.npmjs.com/policies/privacy",
      "uptimerobot", "https://uptimerobot.com/privacy/");
  /** Test-sized budget: fast, but still a budget the fake can check. */
  private static final int CDX_PER_MINUTE = 300;
  private static final int CONTENT_PER_SECOND = 25;

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path stateDir;

  /** The clock the fake stamps requests with: real time, or the fake ticker of a test that paces on it. */
  private volatile LongSupplier arrivalClock = System::nanoTime;
  private final FakeWayback wayback = new FakeWayback(() -> arrivalClock.getAsLong());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FetchStateStore state = FetchStateStore.inMemory();
  private final FetcherMetrics fetcherMetrics = Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry);
  private WaybackConfig config;
  private WaybackBudget budget;
  private WaybackClient client;

  @BeforeEach
  void setUp() {
    server.setDispatcher(wayback);
    for (var e : SERVICES.entrySet()) {
      wayback.addService(Corpus.otaDemo(e.getKey()), e.getValue());
    }
    // Collapse: a capture an hour after buffer's second one, same bytes (adjacent: the CDX drops it).
    List<FakeWayback.Capture> buffer = wayback.captures(SERVICES.get("buffer"));
    FakeWayback.Capture second = buffer.get(1);
    wayback.add(new FakeWayback.Capture(second.timestamp().substring(0, 8) + "013004", second.url(), "text/html",
        second.body()));
    // Not adjacent: github's first bytes again after its last capture (listed, but not a new digest).
    List<FakeWayback.Capture> github = wayback.captures(SERVICES.get("github"));
    wayback.add(new FakeWayback.Capture("20261101000000", github.get(0).url(), "text/html", github.get(0).body()));
    config = WaybackConfig.defaults(server.url("/").toString())
        .withBudget(CDX_PER_MINUTE, CONTENT_PER_SECOND, Duration.ofMillis(800)).withPageSize(4)
        .withBackoff(Duration.ofMillis(20));
    budget = new WaybackBudget(config, Meters.bound(new WaybackMetrics(), registry));
    client = new WaybackClient(HttpClients.create(LOCAL), config,
        FetcherConfig.defaults().userAgent(), budget, Meters.bound(new WaybackMetrics(), registry), 16L * 1024 * 1024);
  }

  private static Target target(String service) {
    return new Target(service, service, DocumentDeclaration.of("privacy-policy", SERVICES.get(service)),
        Duration.ofHours(6));
  }

  private WaybackBackfill backfill(RecordingSink sink, Path progressFile) {
    return new WaybackBackfill(client, budget, config, sink, state, BackfillProgress.open(progressFile),
        fetcherMetrics, Clock.systemUTC());
  }

  /** Distinct digests of what the CDX lists for {@code url}, in captured-at order of first appearance. */
  private List<String> expectedDigests(String url) {
    Set<String> distinct = new LinkedHashSet<>();
    for (FakeWayback.Capture c : wayback.captures(url)) {
      distinct.add(c.digest());
    }
    return List.copyOf(distinct);
  }

  @Test
  void shouldPublishOneSnapshotPerDistinctDigestInCapturedAtOrderWithinBudget() throws Exception {
    RecordingSink sink = new RecordingSink();
    List<Target> targets = SERVICES.keySet().stream().sorted().map(WaybackBackfillTest::target).toList();

    BackfillSummary summary = backfill(sink, stateDir.resolve("wayback-backfill.json")).run(targets, null, null,
        BackfillListener.NONE);

    int expectedTotal = 0;
    for (Target t : targets) {
      List<Snapshot> published = sink.snapshots.stream().filter(s -> s.vendor().equals(t.vendor())).toList();
      assertThat(published).extracting(Snapshot::digest).as(t.vendor()).containsExactlyElementsOf(expectedDigests(t.url()));
      assertThat(published).extracting(Snapshot::capturedAt).as(t.vendor()).isSorted();
      assertThat(published).allSatisfy(s -> {
        assertThat(s.source()).isEqualTo(SnapshotSource.WAYBACK);
        assertThat(s.url()).isEqualTo(t.url());
        assertThat(s.contentType()).isEqualTo("text/html");
      });
      expectedTotal += expectedDigests(t.url()).size();
    }
    assertThat(sink.errors).isEmpty();
    assertThat(summary.published()).isEqualTo(expectedTotal).isEqualTo(sink.snapshots.size());
    assertThat(summary.skippedDuplicates()).as("github's non-adjacent repeat").isEqualTo(1);
    assertThat(summary.capturesFound()).isEqualTo(expectedTotal + 1);
    assertThat(summary.distinctDigests()).isEqualTo(expectedTotal);
    // Only new digests were downloaded: exactly one content request per published snapshot.
    assertThat(wayback.hits("content")).hasSize(expectedTotal);
    assertThat(wayback.hits("cdx")).hasSizeGreaterThan(targets.size()); // paging with resume keys happened
    assertWithinBudget(wayback.hits("cdx"), Duration.ofMinutes(1).toNanos() / CDX_PER_MINUTE);
    assertWithinBudget(wayback.hits("content"), Duration.ofSeconds(1).toNanos() / CONTENT_PER_SECOND);
    System.out.println(pacing("cdx", wayback.hits("cdx"), 60, CDX_PER_MINUTE + "/min"));
    System.out.println(pacing("content", wayback.hits("content"), 1, CONTENT_PER_SECOND + "/s"));
    System.out.println(summary.line());
  }

  /** The budget and client on a fake ticker that the fake Wayback stamps requests with: pacing is exact. */
  private FakeTicker onFakeTime() {
    FakeTicker ticker = new FakeTicker();
    arrivalClock = ticker::nanoTime;
    budget = new WaybackBudget(config, Meters.bound(new WaybackMetrics(), registry), ticker);
    client = new WaybackClient(HttpClients.create(LOCAL), config,
        FetcherConfig.defaults().userAgent(), budget, Meters.bound(new WaybackMetrics(), registry), 16L * 1024 * 1024);
    return ticker;
  }

  @Test
  void shouldPauseEveryWaybackRequestAfterA429() throws Exception {
    onFakeTime();
    wayback.throttle("content", 3);
    String url = SERVICES.get("github");
    List<CdxRow> rows = client.cdx(url, null, null, null).rows();
    for (int i = 0; i < 8; i++) {
      client.capture(rows.get(i % rows.size()));
    }
    for (int i = 0; i < 8; i++) {
      client.cdx(url, null, null, null);
    }

    FakeWayback.Hit throttled = wayback.hits().stream().filter(h -> h.status() == 429).findFirst().orElseThrow();
    long pauseEnd = throttled.nanos() + TimeUnit.MILLISECONDS.toNanos(800);
    List<FakeWayback.Hit> after = wayback.hits().stream().filter(h -> h.nanos() > throttled.nanos()).toList();
    assertThat(after).as("no request of either endpoint inside the pause")
        .allSatisfy(h -> assertThat(h.nanos()).isGreaterThanOrEqualTo(pauseEnd));
    assertThat(after.stream().map(FakeWayback.Hit::endpoint).collect(Collectors.toSet()))
        .as("both endpoints resumed").contains("cdx", "content");
    assertThat(registry.find("policy.wayback.pauses").counter().count()).isEqualTo(1);
    assertThat(registry.find("policy.wayback.requests").tag("outcome", "throttled").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldWalkEveryCdxPageOnceWithResumeKeysAtTheCdxBudget() throws Exception {
    config = config.withPageSize(1);
    onFakeTime();
    String url = SERVICES.get("github");
    List<String> listed = new ArrayList<>();
    String resumeKey = null;
    do {
      CdxPage page = client.cdx(url, null, null, resumeKey);
      page.rows().forEach(r -> listed.add(r.timestamp()));
      resumeKey = page.resumeKey();
    } while (resumeKey != null);

    assertThat(listed).isSorted().doesNotHaveDuplicates()
        .containsExactlyElementsOf(wayback.captures(url).stream().map(FakeWayback.Capture::timestamp).toList());
    List<FakeWayback.Hit> cdx = wayback.hits("cdx");
    assertThat(cdx).hasSize(listed.size());
    long spacing = Duration.ofMinutes(1).toNanos() / CDX_PER_MINUTE;
    for (int i = 1; i < cdx.size(); i++) {
      assertThat(cdx.get(i).nanos() - cdx.get(i - 1).nanos()).as("gap before CDX request %d", i)
          .isEqualTo(spacing);
    }
  }

  @Test
  void shouldDoubleThePauseWhen429sRepeat() {
    Duration first = budget.pause("test");
    Duration second = budget.pause("test");
    budget.succeeded();
    Duration afterSuccess = budget.pause("test");
    assertThat(second).isEqualTo(first.multipliedBy(2));
    assertThat(afterSuccess).isEqualTo(first);
  }

  @Test
  void shouldContinueWhereAnInterruptedBackfillStopped() throws Exception {
    Path progress = stateDir.resolve("wayback-backfill.json");
    Target t = target("github");
    List<Snapshot> all = new ArrayList<>();
    RecordingSink crashing = new RecordingSink() {
      @Override
      public void publish(Snapshot snapshot) {
        if (snapshots.size() == 6) {
          throw new IllegalStateException("broker went away");
        }
        super.publish(snapshot);
      }
    };
    assertThatThrownBy(() -> backfill(crashing, progress).run(List.of(t), null, null, BackfillListener.NONE))
        .hasMessageContaining("broker went away");
    all.addAll(crashing.snapshots);
    int cdxBefore = wayback.hits("cdx").size();

    RecordingSink second = new RecordingSink();
    BackfillSummary resumed = backfill(second, progress).run(List.of(t), null, null, BackfillListener.NONE);
    all.addAll(second.snapshots);

    assertThat(all).extracting(Snapshot::digest).containsExactlyElementsOf(expectedDigests(t.url()));
    assertThat(resumed.published()).isEqualTo(expectedDigests(t.url()).size() - 6);
    assertThat(wayback.hits("cdx").get(cdxBefore).path()).isEqualTo("/cdx/search/cdx");
    assertThat(BackfillProgress.open(progress).get(t.key().toString()).lastTimestamp()).isEqualTo("20261101000000");

    // A third run finds nothing new: it lists from the newest capture handled and publishes nothing.
    RecordingSink third = new RecordingSink();
    BackfillSummary again = backfill(third, progress).run(List.of(t), null, null, BackfillListener.NONE);
    assertThat(third.snapshots).isEmpty();
    assertThat(again.published()).isZero();
  }

  @Test
  void shouldHonourFromAndToAndListAnEarlierRangeLater() throws Exception {
    RecordingSink sink = new RecordingSink();
    Path progress = stateDir.resolve("p.json");
    backfill(sink, progress).run(List.of(target("buffer")), "20250601", "20250930", BackfillListener.NONE);
    assertThat(sink.snapshots).isNotEmpty().allSatisfy(s -> assertThat(s.capturedAt().toString())
        .isBetween("2025-06-01", "2025-09-30T23:59:59Z"));
    int inRange = sink.snapshots.size();

    backfill(sink, progress).run(List.of(target("buffer")), null, null, BackfillListener.NONE);
    assertThat(sink.snapshots).extracting(Snapshot::digest).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedDigests(SERVICES.get("buffer")));
    assertThat(sink.snapshots.size()).isGreaterThan(inRange);
  }

  @Test
  void shouldRecordACaptureThatCannotBeFetchedAsAnErrorAndRetryItNextRun() throws Exception {
    String url = "https://example.com/privacy";
    wayback.add(new FakeWayback.Capture("20240101000000", url, "text/html", "<p>one</p>".getBytes()));
    Path progress = stateDir.resolve("p.json");
    // A capture bigger than this client's cap fails: an error event, and the capture is kept for the next run.
    WaybackClient real = client;
    client = new WaybackClient(HttpClients.create(LOCAL), config, "test", budget,
        Meters.bound(new WaybackMetrics(), registry), 1024);
    RecordingSink sink = new RecordingSink();
    Target t = new Target("example", "Example", DocumentDeclaration.of("privacy-policy", url), Duration.ofHours(1));
    wayback.add(new FakeWayback.Capture("20240201000000", url, "text/html", "x".repeat(5000).getBytes()));
    BackfillSummary s = backfill(sink, progress).run(List.of(t), null, null, BackfillListener.NONE);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(sink.errors).extracting(FetchError::source).containsExactly(SnapshotSource.WAYBACK);
    assertThat(BackfillProgress.open(progress).get(t.key().toString()).failed()).hasSize(1);
    client = real;
    RecordingSink retry = new RecordingSink();
    BackfillSummary s2 = backfill(retry, progress).run(List.of(t), null, null, BackfillListener.NONE);
    assertThat(s2.errors()).isZero();
    assertThat(retry.snapshots).extracting(Snapshot::capturedAt).extracting(Object::toString)
        .containsExactly("2024-02-01T00:00:00Z");
  }

  /**
   * The budget as the archive sees it: no one-second window holds more requests than the rate allows, plus the
   * single token the bucket may hold. (Consecutive arrivals can be a little closer than the token period, because
   * request latency varies between the budget's grant and the fake's arrival; the count per window cannot grow.)
   */
  private static void assertWithinBudget(List<FakeWayback.Hit> hits, long spacingNanos) {
    long window = TimeUnit.SECONDS.toNanos(1);
    long allowed = (window + spacingNanos - 1) / spacingNanos + 1;
    for (int i = 0; i < hits.size(); i++) {
      long startNanos = hits.get(i).nanos();
      long inWindow = hits.stream().filter(h -> h.nanos() >= startNanos && h.nanos() < startNanos + window).count();
      assertThat(inWindow).as("requests in the second after request %d", i).isLessThanOrEqualTo(allowed);
    }
    if (hits.size() > 3) {
      // From the second request: the first one also pays for a cold connection, which shortens the span.
      double span = hits.get(hits.size() - 1).nanos() - hits.get(1).nanos();
      assertThat((hits.size() - 2) / span * 1e9).as("overall rate per second")
          .isLessThanOrEqualTo(1e9 / spacingNanos * 1.05);
    }
  }

  private static String pacing(String endpoint, List<FakeWayback.Hit> hits, int perSeconds, String budget) {
    if (hits.size() < 2) {
      return endpoint + ": " + hits.size() + " request(s)";
    }
    double span = (hits.get(hits.size() - 1).nanos() - hits.get(0).nanos()) / 1e9;
    long minGap = Long.MAX_VALUE;
    for (int i = 1; i < hits.size(); i++) {
      minGap = Math.min(minGap, hits.get(i).nanos() - hits.get(i - 1).nanos());
    }
    return String.format(Locale.ROOT, "wayback pacing %s: %d requests in %.2f s = %.1f per %s (budget %s), "
        + "smallest gap %.1f ms", endpoint, hits.size(), span, (hits.size() - 1) / span * perSeconds,
        perSeconds == 60 ? "min" : "s", budget, minGap / 1e6);
  }
}
