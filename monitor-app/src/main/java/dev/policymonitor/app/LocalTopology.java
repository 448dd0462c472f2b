package dev.policymonitor.app;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.StreamsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The production topology, run by the production streams service on a throw-away in-process broker, for the
 * commands that work offline ({@code replay}, {@code bench}). Snapshots go in through one batching producer
 * ({@link #send}); {@link #awaitProcessed} waits until the topology has committed past all of them; the changes
 * are then read back in the order the topology wrote them. No record waits for another's round trip.
 */
final class LocalTopology implements AutoCloseable {
  static final String APPLICATION_ID = "policy-monitor-local";
  /**
   * The pipeline's topics with one partition each: one task per sub-topology starts fast, and the changes come
   * back in the order the snapshots went in.
   */
  private static final List<Topic<?, ?>> TOPICS = Topics.ALL.stream().<Topic<?, ?>>map(LocalTopology::onePartition).toList();
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final CloseStack closeables = new CloseStack("local topology");
  private KafkaClients clients;
  private KafkaProducer<String, Snapshot> producer;
  private KafkaConsumer<String, Change> changes;
  private Admin admin;
  private long startedNanos;
  private Path streamsDir;

  private LocalTopology() {}

  /** {@link System#nanoTime} when the topology was running. */
  long startedNanos() {
    return startedNanos;
  }

  /** Where the topology keeps its state stores. */
  Path streamsDir() {
    return streamsDir;
  }

  /**
   * Starts a broker and the topology in a temporary directory (deleted on close); returns once it runs.
   *
   * @param targets the tracked documents with their extraction rules, written to {@code policy-targets} before the
   *     topology starts, as the fetcher seeds them in production
   */
  static LocalTopology start(List<Target> targets, DetectionSettings detection) {
    return start(targets, detection, t -> { });
  }

  /**
   * Same as {@link #start(List, DetectionSettings)}, with {@code policy-snapshots} pre-filled by {@code prefill}
   * (through {@link #send}) before the topology starts: {@link #startedNanos} then times the topology alone.
   */
  static LocalTopology start(List<Target> targets, DetectionSettings detection,
      java.util.function.Consumer<LocalTopology> prefill) {
    LocalTopology t = new LocalTopology();
    try {
      Path dir = Files.createTempDirectory("policy-monitor-local-");
      t.closeables.push(() -> deleteRecursively(dir));
      EmbeddedKafkaBroker broker = t.closeables.push(EmbeddedKafkaBroker.start(dir.resolve("kafka"), false,
          Map.of()));
      t.clients = KafkaClients.of(broker.bootstrapServers());
      TopicsAdmin.ensure(t.clients, TOPICS, Optional.empty(), TIMEOUT);
      t.admin = t.closeables.push(t.clients.admin(TIMEOUT));
      try (KafkaProducer<String, Target> seed = t.clients.producer("policy-monitor-local-targets",
          Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer())) {
        targets.forEach(target -> seed.send(new ProducerRecord<>(Topics.TARGETS.name(), target.key().toString(),
            target)));
      }
      t.producer = t.closeables.push(t.clients.producer("policy-monitor-local", Topics.SNAPSHOTS.keySerde().serializer(),
          Topics.SNAPSHOTS.valueSerde().serializer(), Map.of("linger.ms", 20, "batch.size", 1 << 20)));
      prefill.accept(t);
      t.producer.flush();
      StreamsService streams = t.closeables.push(new StreamsService(t.clients, dir.resolve("streams"),
          APPLICATION_ID, offline(), detection));
      streams.start(Duration.ofSeconds(120));
      t.startedNanos = System.nanoTime();
      t.streamsDir = dir.resolve("streams");
      t.changes = t.closeables.push(t.clients.consumer("policy-monitor-local", null,
          Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer()));
      List<TopicPartition> partitions = new ArrayList<>();
      partitions.add(new TopicPartition(Topics.CHANGES.name(), 0));
      t.changes.assign(partitions);
      t.changes.seekToBeginning(partitions);
      return t;
    } catch (IOException e) {
      t.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  /**
   * Streams settings of an offline run: at-least-once (a throw-away broker has no crash to recover from, and
   * exactly-once would wait for a transaction commit every 100 ms), committing as often.
   */
  private static Properties offline() {
    Properties props = new Properties();
    props.put("processing.guarantee", "at_least_once");
    props.put("commit.interval.ms", 100);
    return props;
  }

  /** Queues one snapshot (keyed {@code vendor/document}); it is sent with the next batch. */
  void send(Snapshot snapshot) {
    producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), snapshot.key().toString(), snapshot));
  }

  /**
   * Sends what is queued, then waits until the topology has committed its input offsets past every snapshot
   * sent so far; {@code progress} is told the number processed as it grows.
   */
  void awaitProcessed(LongConsumer progress) {
    producer.flush();
    try {
      Map<TopicPartition, Long> end = endOffsets(Topics.SNAPSHOTS);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      long reported = -1;
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
            .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long done = 0;
        for (var e : end.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          done += c == null ? 0 : Math.min(c.offset(), e.getValue());
        }
        if (done != reported) {
          progress.accept(done);
          reported = done;
        }
        if (done >= total) {
          return;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the topology ran", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot follow the topology's progress: " + e.getMessage(), e);
    }
  }

  /** Sends what is queued now. */
  void flush() {
    producer.flush();
  }

  /** The changes readable now or within one poll, in each document's order. */
  List<Change> pollChanges() {
    List<Change> out = new ArrayList<>();
    changes.poll(POLL).forEach(r -> out.add(r.value()));
    return out;
  }

  /** The changes written since the last call, up to the end of {@code policy-changes}, in each document's order. */
  List<Change> changes() {
    Map<TopicPartition, Long> end = changes.endOffsets(changes.assignment());
    List<Change> out = new ArrayList<>();
    while (end.entrySet().stream().anyMatch(e -> changes.position(e.getKey()) < e.getValue())) {
      for (ConsumerRecord<String, Change> r : changes.poll(POLL)) {
        out.add(r.value());
      }
    }
    return out;
  }

  private Map<TopicPartition, Long> endOffsets(Topic<?, ?> topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    request.put(new TopicPartition(topic.name(), 0), OffsetSpec.latest());
    Map<TopicPartition, Long> end = new java.util.HashMap<>();
    admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  private static <K, V> Topic<K, V> onePartition(Topic<K, V> t) {
    return new Topic<>(t.name(), t.keySerde(), t.valueSerde(), 1, t.configs(), t.key());
  }

  static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    closeables.close();
  }
}
