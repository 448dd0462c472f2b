package dev.policymonitor.fetcher.wayback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.testing.FakeWayback;
import dev.policymonitor.testing.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two fetcher instances behind one egress share one Wayback budget through the lease: every first-sight backfill,
 * whichever instance saw the document, is run by the lease holder alone, so the archive (the shared
 * {@link FakeWayback}) never sees two requests closer than the budget's interval; when the holder goes away, the
 * other instance takes the lease and finishes the backfills left, still within the budget.
 *
 * <p>The rate check: two independent budgets of interval P interleave with gaps g and P - g, so the smallest gap
 * between two CDX requests is at most P/2 whenever both make requests; one budget keeps every gap near P. The test
 * asserts every gap is above P/2 (leaving P/2 for network jitter).
 */
class WaybackLeaseTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  /** 240 CDX requests per minute: one every 250 ms. */
  private static final int CDX_PER_MINUTE = 240;
  private static final long CDX_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1) / CDX_PER_MINUTE;
  private static final int CAPTURES = 3;

  @StartStop final MockWebServer archive = new MockWebServer();
  private final FakeWayback wayback = new FakeWayback();
  private final List<Instance> instances = new ArrayList<>();
  private volatile long contentDelayMillis;

  /** One fetcher's Wayback side: its own budget, backfill, state and sink, and its lease client. */
  private final class Instance implements AutoCloseable {
    final WaybackBudget budget;
    final RecordingSink sink = new RecordingSink();
    final FirstSightBackfill backfill;
    final WaybackLease lease;
    private boolean closed;

    Instance() {
      FetcherConfig config = FetcherConfig.builder().allowPrivateTargets(true).build(); // a local archive
      WaybackConfig waybackConfig = WaybackConfig.defaults(archive.url("/").toString())
          .withBudget(CDX_PER_MINUTE, 20, Duration.ofMillis(200)).withBackoff(Duration.ofMillis(20));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      WaybackMetrics metrics = new WaybackMetrics();
      metrics.bindTo(registry);
      budget = new WaybackBudget(waybackConfig, metrics);
      WaybackClient client = new WaybackClient(HttpClients.create(config), waybackConfig, config.userAgent(), budget,
          metrics, config.maxBodyBytes());
      FetcherMetrics fetcherMetrics = new FetcherMetrics(Clock.systemUTC());
      fetcherMetrics.bindTo(registry);
      backfill = new FirstSightBackfill(new WaybackBackfill(client, budget, waybackConfig, sink,
          FetchStateStore.inMemory(), BackfillProgress.inMemory(), fetcherMetrics,
          Clock.systemUTC()), metrics);
      lease = new WaybackLease(KAFKA.clients(), backfill, budget).start();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        lease.close();
        backfill.close();
      }
    }
  }

  @BeforeEach
  void setUp() {
    TopicsAdmin.ensure(KAFKA.clients(), List.of(WaybackLease.TOPIC), Optional.empty(), Duration.ofSeconds(60));
    archive.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().startsWith("/web/")) {
          Thread.sleep(contentDelayMillis);
        }
        return wayback.dispatch(request);
      }
    });
  }

  @AfterEach
  void tearDown() {
    instances.forEach(Instance::close);
  }

  @Test
  void shouldRunEveryInstancesBackfillsOnTheLeaseHolderWithinOneBudget() {
    List<Target> docs = targets("shared", 6);
    Instance a = start();
    Instance b = start();
    awaitOneHolderOfTwoMembers();

    docs.subList(0, 3).forEach(a.lease::firstSight);
    docs.subList(3, 6).forEach(b.lease::firstSight);

    await().atMost(Duration.ofSeconds(60)).until(() -> backfilled(docs).size() == docs.size());
    Instance holder = a.lease.held() ? a : b;
    Instance other = holder == a ? b : a;
    assertThat(other.budget.granted(WaybackBudget.Endpoint.CDX)).as("requests by the instance without the lease")
        .isZero();
    assertThat(other.budget.granted(WaybackBudget.Endpoint.CONTENT)).isZero();
    assertThat(holder.budget.granted(WaybackBudget.Endpoint.CDX)).isGreaterThanOrEqualTo(docs.size());
    assertThat(other.sink.snapshots).isEmpty();
    assertCdxRequestsSpacedByTheBudget();
  }

  @Test
  void shouldHandTheLeaseOverWhenTheHolderLeavesAndFinishTheBackfillsLeft() {
    List<Target> docs = targets("handover", 4);
    contentDelayMillis = 150; // each capture takes a while: the holder is mid-way when it leaves
    Instance a = start();
    Instance b = start();
    awaitOneHolderOfTwoMembers();
    Instance holder = a.lease.held() ? a : b;
    Instance successor = holder == a ? b : a;

    docs.forEach(holder.lease::firstSight);
    await().atMost(Duration.ofSeconds(30)).until(() -> !holder.sink.snapshots.isEmpty());
    holder.close();

    await().atMost(Duration.ofSeconds(60)).until(successor.lease::held);
    await().atMost(Duration.ofSeconds(90)).until(() -> backfilled(docs).size() == docs.size());
    assertThat(successor.budget.granted(WaybackBudget.Endpoint.CDX)).as("the successor's requests").isPositive();
    assertThat(holder.sink.snapshots.size()).as("the first holder stopped before the end")
        .isLessThan(docs.size() * CAPTURES);
    assertCdxRequestsSpacedByTheBudget();
  }

  private Instance start() {
    Instance i = new Instance();
    instances.add(i);
    return i;
  }

  /** Both instances are members of the lease group, which is stable, and one of them holds the lease. */
  private void awaitOneHolderOfTwoMembers() {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      try (Admin admin = KAFKA.clients().admin(Duration.ofSeconds(10))) {
        ConsumerGroupDescription g;
        try {
          g = admin.describeConsumerGroups(List.of(WaybackLease.GROUP_ID)).describedGroups()
              .get(WaybackLease.GROUP_ID).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          return false; // the group does not exist yet
        }
        return g.groupState() == GroupState.STABLE && g.members().size() == 2
            && instances.stream().filter(i -> i.lease.held()).count() == 1;
      }
    });
  }

  private List<Target> targets(String prefix, int n) {
    List<Target> targets = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String vendor = prefix + i;
      String url = "https://" + vendor + ".example/privacy";
      IntStream.rangeClosed(1, CAPTURES).forEach(year -> wayback.add(new FakeWayback.Capture(
          (2020 + year) + "0101000000", url, "text/html",
          ("<html><body><p>Policy " + year + " of " + vendor + "</p></body></html>").getBytes(StandardCharsets.UTF_8))));
      targets.add(new Target(vendor, vendor, DocumentDeclaration.of("privacy-policy", url), Duration.ofHours(6)));
    }
    return targets;
  }

  /** The documents of {@code docs} whose every capture some instance published. */
  private Set<String> backfilled(List<Target> docs) {
    Set<String> vendors = docs.stream().map(Target::vendor).collect(Collectors.toSet());
    return instances.stream().flatMap(i -> i.sink.snapshots.stream())
        .filter(s -> s.source() == SnapshotSource.WAYBACK && vendors.contains(s.vendor()))
        .collect(Collectors.groupingBy(Snapshot::vendor, Collectors.mapping(Snapshot::digest, Collectors.toSet())))
        .entrySet().stream().filter(e -> e.getValue().size() == CAPTURES).map(e -> e.getKey())
        .collect(Collectors.toSet());
  }

  private void assertCdxRequestsSpacedByTheBudget() {
    List<FakeWayback.Hit> cdx = wayback.hits("cdx");
    assertThat(cdx).hasSizeGreaterThan(2);
    long smallest = Long.MAX_VALUE;
    for (int i = 1; i < cdx.size(); i++) {
      smallest = Math.min(smallest, cdx.get(i).nanos() - cdx.get(i - 1).nanos());
    }
    assertThat(smallest).as("least time between two CDX requests at the archive, ns (budget interval %s ns)",
        CDX_INTERVAL_NANOS).isGreaterThan(CDX_INTERVAL_NANOS / 2);
  }
}
