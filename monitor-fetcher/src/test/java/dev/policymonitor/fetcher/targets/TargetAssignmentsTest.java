package dev.policymonitor.fetcher.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.RecordingSink;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.GroupMembership;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.LoopHealth;
import ch.qos.logback.classic.Level;
import dev.policymonitor.testing.CapturedLogs;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.Meters;
import dev.policymonitor.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TargetAssignmentsTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @StartStop final MockWebServer server = new MockWebServer();
  private final List<AutoCloseable> open = new ArrayList<>();

  /** One fetcher instance: its service and its group membership. */
  private record Instance(FetcherService service, TargetAssignments assignments) {}

  private Instance instance(String group) {
    FetcherConfig config = FetcherConfig.builder().hostRate(10, Duration.ofSeconds(1)).build();
    // Every *.test host is this MockWebServer: many hosts, one fake.
    OkHttpClient client = new OkHttpClient.Builder().dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
    PoliteFetcher fetcher = new PoliteFetcher(new PolicyFetcher(client, config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC()), new HostRateLimiter(config.hostRequests(), config.hostPeriod()), config);
    FetchStateStore state = new FetchStateStore(KAFKA.clients());
    FetcherService service = new FetcherService(fetcher, new RecordingSink(), state,
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config, Clock.systemUTC(), line -> { });
    TargetAssignments assignments = new TargetAssignments(KAFKA.clients(), group, service, state).start();
    open.add(state);
    open.add(service);
    open.add(assignments);
    return new Instance(service, assignments);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Target target(int i, String host) {
    return new Target(String.format("vendor%02d", i), null,
        DocumentDeclaration.of("privacy-policy", "http://" + host + ":" + server.getPort() + "/privacy/" + i),
        Duration.ofHours(1));
  }

  @Test
  void shouldSplitTargetsBetweenTwoInstancesAndHandOverWhenOneStops() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
            .body("<p>" + request.getTarget() + "</p>").build();
      }
    });
    KAFKA.createTopics(List.of(Topics.TARGETS, FetchStateStore.TOPIC));
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      targets.add(target(i, "host" + i + ".test"));
    }
    targets.add(target(18, "shared.test"));
    targets.add(target(19, "shared.test"));
    Set<PolicyKey> all = new HashSet<>();
    targets.forEach(t -> all.add(t.key()));
    // Bad records (unreadable value, malformed key) are skipped, never fatal.
    try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
        "bootstrap.servers", KAFKA.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.StringSerializer())) {
      for (int p = 0; p < Topics.TARGETS.partitions(); p++) {
        raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.TARGETS.name(), p, "bad/doc",
            "{not json"));
        raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.TARGETS.name(), p, "no-slash",
            "{}"));
      }
    }
    try (TargetsPublisher publisher = new TargetsPublisher(KAFKA.clients())) {
      publisher.publish(targets);
    }

    Instance a = instance("fetchers-split");
    Instance b = instance("fetchers-split");

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Set<PolicyKey> union = new HashSet<>(a.service().tracked());
      union.addAll(b.service().tracked());
      assertThat(union).isEqualTo(all);
      assertThat(b.service().tracked()).isNotEmpty(); // first: an empty set is no argument for the next line
      assertThat(a.service().tracked()).isNotEmpty().doesNotContainAnyElementsOf(b.service().tracked());
    });
    PolicyKey shared1 = targets.get(18).key();
    PolicyKey shared2 = targets.get(19).key();
    Instance sharedOwner = a.service().tracked().contains(shared1) ? a : b;
    assertThat(sharedOwner.service().tracked()).as("one host, one instance").contains(shared1, shared2);

    // b stops: a takes over b's documents.
    b.assignments().close();
    b.service().close();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(a.service().tracked()).isEqualTo(all));

    // vendors remove: a tombstone untracks the document on whichever instance owns it.
    try (TargetsPublisher publisher = new TargetsPublisher(KAFKA.clients())) {
      publisher.remove(shared1);
    }
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(a.service().tracked()).hasSize(19).doesNotContain(shared1));
  }

  @Test
  void shouldSkipATargetThatCannotBePolledAndKeepPollingEveryOther() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<p>ok</p>").build();
      }
    });
    KAFKA.createTopics(List.of(Topics.TARGETS, FetchStateStore.TOPIC));
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FetcherConfig config = FetcherConfig.builder().hostRate(10, Duration.ofSeconds(1)).build();
    OkHttpClient client = new OkHttpClient.Builder().dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
    FetchStateStore state = new FetchStateStore(KAFKA.clients());
    FetcherService service = new FetcherService(new PoliteFetcher(new PolicyFetcher(client, config.userAgent(),
        config.maxBodyBytes(), clock), new HostRateLimiter(10, Duration.ofSeconds(1)), config), new RecordingSink(),
        state, Meters.bound(new FetcherMetrics(clock), registry), config, clock, line -> { });
    open.add(state);
    open.add(service);
    String prefix = "skip" + System.nanoTime() % 100000;
    Target good = new Target(prefix + "-good", null, DocumentDeclaration.of("privacy-policy",
        "http://good.test:" + server.getPort() + "/privacy"), Duration.ofHours(1));
    Target bad = new Target(prefix + "-bad", null, DocumentDeclaration.of("privacy-policy",
        "http://bad.test:" + server.getPort() + "/privacy"), Duration.ofSeconds(-5));
    Target later = new Target(prefix + "-later", null, DocumentDeclaration.of("privacy-policy",
        "http://later.test:" + server.getPort() + "/privacy"), Duration.ofHours(1));
    try (KafkaProducer<String, Target> producer = KAFKA.clients().producer("test-targets",
        Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer())) {
      // all in one partition, in this order: the bad value sits between two good ones
      for (Target t : List.of(good, bad, later)) {
        producer.send(new ProducerRecord<>(Topics.TARGETS.name(), 0, t.key().toString(), t)).get();
      }
    }

    try (CapturedLogs logs = CapturedLogs.of(Level.WARN, FetcherService.class.getName())) {
      TargetAssignments assignments = new TargetAssignments(KAFKA.clients(), "fetchers-" + prefix, service, state,
          clock).start();
      open.add(assignments);

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(service.tracked()).contains(good.key(), later.key()));
      assertThat(service.tracked()).doesNotContain(bad.key());
      assertThat(assignments.health().health()).isEqualTo(Health.up());
      assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains(bad.vendor())).singleElement()
          .satisfies(m -> assertThat(m).contains("target not polled: poll interval PT-5S is not positive"));
    }
    assertThat(registry.get("policy.targets.rejected").counter().count()).as("with the other tests' bad records")
        .isGreaterThanOrEqualTo(1);
    try (KafkaProducer<String, Target> producer = KAFKA.clients().producer("test-targets",
        Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer())) {
      for (Target t : List.of(good, bad, later)) { // the other tests of the class share the topic
        producer.send(new ProducerRecord<>(Topics.TARGETS.name(), 0, t.key().toString(), null)).get();
      }
    }
    // never checked: its freshness is its age since it was tracked, so the stale-vendor rule can fire
    clock.advance(Duration.ofHours(3));
    assertThat(registry.get("policy.vendor.freshness").tag("vendor", bad.vendor()).gauge().value())
        .isEqualTo((double) Duration.ofHours(3).toSeconds());
  }

  @Test
  void shouldReplaceAFencedConsumerAndReportDownOnceItsRestartsAreSpent() {
    KAFKA.createTopics(List.of(Topics.TARGETS, FetchStateStore.TOPIC));
    KafkaClients sameName = KAFKA.clients().withMembership(GroupMembership.staticMember("same-name"));
    FetcherConfig config = FetcherConfig.defaults();
    List<TargetAssignments> both = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      FetchStateStore state = new FetchStateStore(KAFKA.clients());
      FetcherService service = new FetcherService(new PoliteFetcher(new PolicyFetcher(new OkHttpClient(),
          config.userAgent(), config.maxBodyBytes(), Clock.systemUTC()), new HostRateLimiter(1, Duration.ofSeconds(1)),
          config), new RecordingSink(), state, Meters.bound(new FetcherMetrics(Clock.systemUTC()),
          new SimpleMeterRegistry()), config, Clock.systemUTC(), line -> { });
      // two live processes under one instance id fence each other; one restart each
      TargetAssignments assignments = new TargetAssignments(sameName, "fenced-group", service, state,
          new LoopHealth("fetcher.targets", Duration.ofMinutes(2), 1, Duration.ofMinutes(10), Clock.systemUTC()));
      open.add(state);
      open.add(service);
      open.add(assignments);
      both.add(assignments.start());
      if (i == 0) {
        await().atMost(Duration.ofSeconds(60)).until(() -> assignments.health().health().equals(Health.up()));
      }
    }

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(both).extracting(a -> a.health().health()
        .status()).containsExactlyInAnyOrder(Health.Status.DOWN, Health.Status.UP));
    TargetAssignments down = both.stream().filter(a -> a.health().health().status() == Health.Status.DOWN)
        .findFirst().orElseThrow();
    assertThat(down.health().restarts()).as("replaced once before giving up").isEqualTo(1);
    assertThat(down.health().health().detail()).contains("stopped after 1 restart(s)").contains("Fenced");
  }

  @Test
  void shouldPartitionTargetsByHost() {
    assertThat(TargetsPublisher.partitionFor("example.com", 6)).isEqualTo(TargetsPublisher.partitionFor("example.com", 6))
        .isBetween(0, 5);
    Set<Integer> partitions = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      partitions.add(TargetsPublisher.partitionFor("host" + i + ".example", 6));
    }
    assertThat(partitions).hasSize(6);
  }
}
