package dev.policymonitor.faults;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything the pipeline published on {@code policy-changes} and {@code policy-versions}, read with
 * {@code read_committed} from the beginning by a thread of its own (no consumer group: it survives every fault), and
 * which numbered clauses have had their {@code changed} event.
 */
final class PipelineLedger implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final List<Version> versions = new CopyOnWriteArrayList<>();
  private final Set<Integer> seen = ConcurrentHashMap.newKeySet();

  PipelineLedger(String bootstrapServers) {
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (String topic : List.of(Topics.CHANGES.name(), Topics.VERSIONS.name())) {
      List<PartitionInfo> infos = List.of();
      while (infos.isEmpty()) {
        infos = consumer.listTopics(Duration.ofSeconds(10)).getOrDefault(topic, List.of());
        if (infos.isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topic " + topic + " was never created");
          }
          sleep(500);
        }
      }
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "pipeline-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(Topics.CHANGES.name())) {
            Change c = Topics.CHANGES.valueSerde().deserializer().deserialize(r.topic(), r.value());
            changes.add(c);
            int document = document(c.key());
            if (c.kind() == ChangeKind.FIRST) {
              seen.add(document * 10_000);
            } else if (c.kind() == ChangeKind.CHANGED) {
              seen.addAll(NumberedSite.clausesIn(String.join("\n", c.added())));
            }
          } else {
            versions.add(Topics.VERSIONS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** {@code v007/privacy-policy} is document 7. */
  static int document(String key) {
    return Integer.parseInt(key.substring(1, key.indexOf('/')));
  }

  /** Whether clause {@code k} of {@code document} has had a {@code changed} event ({@code k == 0}: its {@code first}). */
  boolean seen(int document, int k) {
    checkAlive();
    return seen.contains(document * 10_000 + k);
  }

  List<Change> changes() {
    checkAlive();
    return List.copyOf(changes);
  }

  List<Version> versions() {
    return List.copyOf(versions);
  }

  private void checkAlive() {
    if (failure != null) {
      throw new IllegalStateException("reading the pipeline's topics failed", failure);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
