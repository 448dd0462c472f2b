package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertsService;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.FirstSightListener;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.SnapshotPublisher;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicLayout;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.StreamsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole monitor as {@code run} starts it, for {@code bench}, on a throw-away in-process broker: topics, the
 * streams service with its production settings, the alerts service with one recording channel
 * ({@link LatencySink}), and the live fetcher (fetch state, snapshot publisher, polite fetcher, HTTP client) with the
 * documents tracked. Its checks run when {@link #runCycle} says ({@link CycleScheduler}); politeness towards the
 * local site is lifted. {@link #awaitDrained} waits until the topology has processed every snapshot published and
 * the alerts of the cycle were delivered.
 */
final class BenchPipeline implements AutoCloseable {
  /** Politeness for the local site: as many requests per second to one host as the workers can make. */
  static final int LIFTED_HOST_REQUESTS = 1_000_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final CloseStack closeables = new CloseStack("bench");
  private Path dir;
  private KafkaClients clients;
  private Admin admin;
  private final Observability observability = Observability.create();
  private final LatencySink alerts = new LatencySink(Clock.systemUTC());
  private CycleScheduler scheduler;
  private FetcherService fetcher;

  private BenchPipeline() {}

  /**
   * Starts everything and tracks {@code targets} (their first check waits for the first cycle).
   *
   * @param partitions partitions of each topic keyed by document (the production default is 6)
   * @param workers the fetcher's worker threads
   */
  static BenchPipeline start(List<Target> targets, int partitions, int workers) {
    BenchPipeline p = new BenchPipeline();
    try {
      p.closeables.push(p.observability);
      p.dir = Files.createTempDirectory("policy-monitor-bench-");
      p.closeables.push(() -> LocalTopology.deleteRecursively(p.dir));
      EmbeddedKafkaBroker broker = p.closeables.push(EmbeddedKafkaBroker.start(p.dir.resolve("kafka"), false,
          Map.of()));
      p.clients = KafkaClients.of(broker.bootstrapServers());
      PipelineTopics.create(p.clients, PipelineTopics.ALL.stream()
          .<Topic<?, ?>>map(t -> withPartitions(t, partitions)).toList(),
          MonitorSettings.of(Map.of(TopicLayout.PARTITIONS.name(), Integer.toString(partitions))));
      p.admin = p.closeables.push(p.clients.admin(TIMEOUT));
      seed(p.clients, targets);
      StreamsService streams = p.closeables.push(new StreamsService(p.clients, p.dir.resolve("streams"),
          StreamsService.APPLICATION_ID, new Properties(), DetectionSettings.defaults()));
      p.observability.bind(streams.metrics());
      streams.start(TIMEOUT);
      p.observability.bindStreams(streams.streams());
      AlertsService alertsService = p.closeables.push(new AlertsService(
          AlertsService.Settings.defaults(p.clients, RetrySettings.defaults()),
          List.of(new AlertsService.Channel(p.alerts, RoutingRules.defaults(Severity.LOW).policyFor(LatencySink.CHANNEL))),
          p.observability.registry(), Clock.systemUTC()));
      alertsService.start();
      p.startFetcher(targets, workers);
      return p;
    } catch (IOException e) {
      p.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void startFetcher(List<Target> targets, int workers) {
    FetcherConfig config = FetcherConfig.builder().hostRate(LIFTED_HOST_REQUESTS, Duration.ofSeconds(1))
        .workers(workers).allowPrivateTargets(true).build(); // the bench's own site listens on loopback
    FetchStateStore state = closeables.push(new FetchStateStore(clients));
    SnapshotPublisher sink = closeables.push(new SnapshotPublisher(clients));
    closeables.push(sink.bindMetrics(observability.registry()));
    FetcherMetrics metrics = new FetcherMetrics(Clock.systemUTC());
    metrics.bindTo(observability.registry());
    PolicyFetcher http = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    PoliteFetcher polite = new PoliteFetcher(http, new HostRateLimiter(config.hostRequests(), config.hostPeriod()),
        config);
    scheduler = new CycleScheduler(workers);
    fetcher = closeables.push(new FetcherService(polite, sink, state, metrics, config, Clock.systemUTC(), line -> { },
        FirstSightListener.NONE, scheduler));
    targets.forEach(fetcher::track);
  }

  /** Writes the documents' targets to {@code policy-targets}, as the fetcher seeds them from its vendors file. */
  private static void seed(KafkaClients clients, List<Target> targets) {
    try (KafkaProducer<String, Target> seed = clients.producer("policy-monitor-bench-targets",
        Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer(),
        Map.of("linger.ms", 50, "batch.size", 1 << 20))) {
      targets.forEach(t -> seed.send(new ProducerRecord<>(Topics.TARGETS.name(), t.key().toString(), t)));
    }
  }

  /** Every due check once, on the fetcher's workers; returns how many ran. */
  int runCycle() {
    return scheduler.runCycle();
  }

  /** Checks run so far. */
  long checksDone() {
    return scheduler.done();
  }

  /** One check of one document now, outside the cycles (as the scheduler's timer would run it). */
  void checkNow(Target target) {
    fetcher.check(target);
  }

  LatencySink alerts() {
    return alerts;
  }

  /**
   * Waits until the topology has committed past every snapshot published so far and {@code alerts} alerts were
   * delivered in all.
   *
   * @throws IllegalStateException after {@code timeout}
   */
  void awaitDrained(int alertsInAll, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Map<TopicPartition, Long> end = endOffsets(Topics.SNAPSHOTS.name());
      while (behind(end) > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the topology is " + behind(end) + " snapshots behind after " + timeout);
        }
        Thread.sleep(20);
      }
      if (!alerts.awaitDelivered(alertsInAll, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
        throw new IllegalStateException(alerts.delivered() + " alerts delivered, " + alertsInAll + " expected, after "
            + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the pipeline", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot follow the topology: " + e.getMessage(), e);
    }
  }

  private long behind(Map<TopicPartition, Long> end)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(StreamsService.APPLICATION_ID)
        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long behind = 0;
    for (var e : end.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      behind += e.getValue() - (c == null ? 0 : Math.min(c.offset(), e.getValue()));
    }
    return behind;
  }

  private Map<TopicPartition, Long> endOffsets(String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int i = 0; i < partitions; i++) {
      request.put(new TopicPartition(topic, i), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  /** The streams state stores (RocksDB) on disk. */
  Path streamsDir() {
    return dir.resolve("streams");
  }

  /** The broker's logs (every topic) on disk. */
  Path brokerDir() {
    return dir.resolve("kafka");
  }

  /** A Prometheus scrape of the process's meters: its CPU time (the third of three in a row), meters and size. */
  String scrape() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = 0;
    int bytes = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      bytes = observability.scrape().length();
      cpu = threads.getCurrentThreadCpuTime() - t0;
    }
    return String.format(java.util.Locale.ROOT, "%.1f ms of CPU, %d meters, %d KB", cpu / 1e6,
        observability.registry().getMeters().size(), bytes / 1024);
  }

  /** Topics keyed by document get {@code partitions}; the others keep theirs. */
  private static <K, V> Topic<K, V> withPartitions(Topic<K, V> t, int partitions) {
    if (!t.key().equals(Topic.DOCUMENT_KEY) || t.partitions() == 1) {
      return t;
    }
    return new Topic<>(t.name(), t.keySerde(), t.valueSerde(), partitions, t.configs(), t.key());
  }

  @Override
  public void close() {
    closeables.close();
  }
}
