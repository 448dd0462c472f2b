package dev.policymonitor.alerts.delivery;

import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole (usually compacted) topic from its beginning, without a consumer group, and then keeps
 * up with it on each {@link #catchUp}: how the alerts rebuild their dedup, digest and dead-letter state
 * after a restart. Not thread-safe: one thread calls it.
 */
public final class TopicTail implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Consumer<ConsumerRecord<String, String>> onRecord;
  private List<TopicPartition> partitions;

  /** @param onRecord gets each record in offset order; a null value is a tombstone */
  public TopicTail(KafkaClients clients, String topic, Consumer<ConsumerRecord<String, String>> onRecord) {
    this.consumer = clients.consumer("policy-monitor-tail-" + topic, null, new StringDeserializer(),
        new StringDeserializer());
    this.topic = topic;
    this.onRecord = onRecord;
  }

  /** Reads every record written before this call. */
  public void catchUp(Duration timeout) {
    if (partitions == null) {
      partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        onRecord.accept(r);
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
