package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-derivation ({@code policy-monitor reprocess}): copies every raw snapshot of {@code policy-snapshots} into
 * {@code policy-reprocess}, where the streams service re-normalizes each with its current rules and emits a
 * {@code technical-upgrade} event for every known version whose text changes (and nothing else). Raw snapshots
 * stay where they are; the copy is plain bytes, so records are never re-serialized.
 */
public final class SnapshotReprocessor implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaClients clients;
  private final Admin admin;

  public SnapshotReprocessor(KafkaClients clients) {
    this.clients = clients;
    this.admin = clients.admin(Duration.ofSeconds(30));
  }

  /** The current end offsets of {@code topic} (committed records only). */
  public Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return consumer.endOffsets(partitions(consumer, topic));
    }
  }

  /**
   * Copies every snapshot present now in {@code policy-snapshots} to {@code policy-reprocess}, keeping keys and
   * timestamps; {@code progress} receives the running count. Returns the number of snapshots copied.
   */
  public long copyAll(LongConsumer progress) {
    long copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer();
        KafkaProducer<byte[], byte[]> producer = producer()) {
      List<TopicPartition> partitions = partitions(consumer, Topics.SNAPSHOTS.name());
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!reached(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          producer.send(new ProducerRecord<>(Topics.REPROCESS.name(), null, r.timestamp(), r.key(), r.value()));
          copied++;
          progress.accept(copied);
        }
      }
      producer.flush();
    }
    return copied;
  }

  /** The number of snapshots {@link #copyAll} would copy now. */
  public long count() {
    Map<TopicPartition, Long> end = endOffsets(Topics.SNAPSHOTS.name());
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(end.keySet());
      return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
    }
  }

  /**
   * Waits until the streams application {@code applicationId} has committed offsets at the end of
   * {@code policy-reprocess}; false when {@code timeout} passes first (the service is not running?).
   */
  public boolean awaitConsumed(String applicationId, Duration timeout) {
    Map<TopicPartition, Long> end = endOffsets(Topics.REPROCESS.name());
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Map<TopicPartition, OffsetAndMetadata> committed = committed(applicationId);
      boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
          || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
      if (done) {
        return true;
      }
      sleep();
    }
    return false;
  }

  /** The technical-upgrade events written to {@code policy-changes} after {@code from}. */
  public List<Change> technicalUpgradesSince(Map<TopicPartition, Long> from) {
    List<Change> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      while (!reached(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          Change c = Topics.CHANGES.valueSerde().deserializer().deserialize(r.topic(), r.value());
          if (c != null && c.kind() == ChangeKind.TECHNICAL_UPGRADE) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String applicationId) {
    try {
      Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      all.forEach((tp, om) -> {
        if (om != null && tp.topic().equals(Topics.REPROCESS.name())) {
          out.put(tp, om);
        }
      });
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the offsets of " + applicationId + ": " + e.getMessage(), e);
    }
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    Set<TopicPartition> assigned = consumer.assignment();
    return end.entrySet().stream().filter(e -> assigned.contains(e.getKey()))
        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return clients.consumer("policy-monitor-reprocess", null, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return clients.producer("policy-monitor-reprocess", new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the streams service", e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
