package dev.policymonitor.fetcher.targets;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes tracked documents to the compacted {@code policy-targets} topic, partitioned by HOST (murmur2 of the host,
 * like Kafka's own partitioner, modulo the partition count): all documents of one host land on one partition, so
 * one fetcher instance owns them and its per-host token bucket holds. Because the key is vendor/document but the
 * partition follows the host, a target is tombstoned in every other partition whenever it is written, so a URL
 * that moved to another host never leaves a stale copy behind.
 */
public final class TargetsPublisher implements AutoCloseable {
  private final KafkaProducer<String, Target> producer;

  public TargetsPublisher(KafkaClients clients) {
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
