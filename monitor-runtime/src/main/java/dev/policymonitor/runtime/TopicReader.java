package dev.policymonitor.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of one topic from its beginning, without a consumer group, up to the end the topic has
 * when {@link #readToEnd} is called; the next call goes on from there. Not thread-safe: {@link TopicTable}
 * serialises its calls.
 */
final class TopicReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final String topic;
  private List<TopicPartition> partitions;

  TopicReader(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /**
   * Hands every record up to the current end to {@code onRecord}, in offset order per partition.
   *
   * @throws IllegalStateException when the topic does not exist, the cluster does not answer, or the end is not
   *     reached within {@code timeout}; what was read until then has been handed over
   */
  void readToEnd(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (partitions == null) {
        List<TopicPartition> found = consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (found.isEmpty()) {
          throw new IllegalStateException("cannot read " + topic + ": the topic does not exist");
        }
        consumer.assign(found);
        consumer.seekToBeginning(found);
        partitions = found;
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!reached(end, deadline)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout.toSeconds()
              + " s: at " + positions() + ", end " + end);
        }
        consumer.poll(POLL).forEach(onRecord);
      }
    } catch (KafkaException e) {
      throw new IllegalStateException("cannot read " + topic + " within " + timeout.toSeconds() + " s: "
          + e.getMessage(), e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> end, long deadline) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1));
      if (consumer.position(e.getKey(), left) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> at = new LinkedHashMap<>();
    partitions.forEach(p -> at.put(p, consumer.position(p)));
    return at;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
