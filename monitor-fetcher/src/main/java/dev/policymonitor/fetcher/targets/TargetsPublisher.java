package dev.policymonitor.fetcher.targets;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.TargetOrigin;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes tracked documents to the compacted {@code policy-targets} topic, partitioned by HOST (murmur2 of the host,
 * like Kafka's own partitioner, modulo the partition count): all documents of one host land on one partition, so
 * one fetcher instance owns them and its per-host token bucket holds. Because the key is vendor/document but the
 * partition follows the host, a target is tombstoned in every other partition whenever it is written, so a URL
 * that moved to another host never leaves a stale copy behind ({@link PlacedTarget} says how a reader of the whole
 * topic resolves that). It also seeds the topic from a vendors file ({@link #seed}).
 */
public final class TargetsPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TargetsPublisher.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaClients clients;
  private final KafkaProducer<String, Target> producer;

  public TargetsPublisher(KafkaClients clients) {
    this.clients = clients;
    this.producer = clients.producer("policy-monitor-targets", new StringSerializer(),
        Topics.TARGETS.valueSerde().serializer());
  }

  /** The partition of every target of {@code host}. */
  public static int partitionFor(String host, int partitions) {
    return Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Tracks (or updates) documents; returns when the broker has them. */
  public void publish(Collection<Target> targets) {
    int partitions = partitions();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Target t : targets) {
      int home = partitionFor(t.host(), partitions);
      for (int p = 0; p < partitions; p++) {
        if (p != home) {
          sent.add(producer.send(new ProducerRecord<>(Topics.TARGETS.name(), p, t.key().toString(), null)));
        }
      }
      sent.add(producer.send(new ProducerRecord<>(Topics.TARGETS.name(), home, t.key().toString(), t)));
    }
    await(sent);
  }

  /**
   * Makes {@code policy-targets} track what a vendors file lists: writes each of {@code fromFile} (origin
   * {@link TargetOrigin#VENDORS_FILE}) that is new or changed, and untracks the documents an earlier vendors file
   * seeded that this one no longer lists. Documents written by {@code vendors add} (or before origins were recorded)
   * are never untracked here; one the file lists too is overwritten by the file's version. Documents added or
   * changed on the web (origin {@link TargetOrigin#WEB}) are neither overwritten nor untracked: the web page owns
   * them.
   *
   * @return the documents untracked because the file no longer lists them
   */
  public List<PolicyKey> seed(Collection<Target> fromFile) {
    Map<PolicyKey, PlacedTarget> existing = readAll();
    int partitions = partitions();
    List<Target> changed = new ArrayList<>();
    for (Target t : fromFile) {
      Target seeded = t.withOrigin(TargetOrigin.VENDORS_FILE);
      PlacedTarget now = existing.get(seeded.key());
      if (now != null && now.target().origin() == TargetOrigin.WEB) {
        continue;
      }
      if (now == null || !now.target().equals(seeded) || now.partition() != partitionFor(seeded.host(), partitions)) {
        changed.add(seeded);
      }
    }
    publish(changed);
    Set<PolicyKey> listed = fromFile.stream().map(Target::key).collect(Collectors.toSet());
    List<PolicyKey> gone = existing.values().stream().map(PlacedTarget::target)
        .filter(t -> t.origin() == TargetOrigin.VENDORS_FILE && !listed.contains(t.key()))
        .map(Target::key).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    gone.forEach(this::remove);
    return gone;
  }

  /** Every document {@code policy-targets} tracks now, with the partition it was read from. */
  public Map<PolicyKey, PlacedTarget> readAll() {
    producer.flush();
    Map<String, PlacedTarget> kept = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = clients.consumer("policy-monitor-targets-reader-"
        + UUID.randomUUID().toString().substring(0, 8), null, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.TARGETS.name(), READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.TARGETS.name() + " to its end within "
              + READ_TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Target value = read(r);
          if (r.key() != null && (value != null || r.value() == null)) {
            kept.compute(r.key(), (k, old) -> PlacedTarget.merge(old, r.partition(), r.timestamp(), value));
          }
        }
      }
    }
    Map<PolicyKey, PlacedTarget> out = new HashMap<>();
    kept.forEach((key, placed) -> out.put(placed.target().key(), placed));
    return out;
  }

  private static Target read(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return null;
    }
    try {
      return Topics.TARGETS.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      LOG.warn("vendor=- document=- skipping unreadable {} record {} at {}-{}@{}: {}", r.topic(), r.key(),
          r.topic(), r.partition(), r.offset(), e.getMessage());
      return null;
    }
  }

  /** Untracks a document: a tombstone in every partition. */
  public void remove(PolicyKey key) {
    int partitions = partitions();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      sent.add(producer.send(new ProducerRecord<>(Topics.TARGETS.name(), p, key.toString(), null)));
    }
    await(sent);
  }

  private int partitions() {
    return producer.partitionsFor(Topics.TARGETS.name()).size();
  }

  private static void await(List<Future<RecordMetadata>> futures) {
    try {
      for (Future<RecordMetadata> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing policy-targets", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write policy-targets: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
