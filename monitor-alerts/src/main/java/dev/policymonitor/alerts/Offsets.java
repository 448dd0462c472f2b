package dev.policymonitor.alerts;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the alerts loop does with its input offsets: commit after a batch, rewind to the last commit to retry one. */
final class Offsets {
  private static final Logger LOG = LoggerFactory.getLogger(Offsets.class);

  private Offsets() {}

  static void commit(Consumer<?, ?> consumer) {
    try {
      consumer.commitSync();
    } catch (CommitFailedException e) {
      // a rebalance took the partitions: the new owner re-reads the batch and the delivery log skips what was sent
      LOG.warn("vendor={} document={} offset commit failed after a rebalance: {}", "-", "-", e.getMessage());
    }
  }

  /** Seeks every assigned partition back to its committed offset (its beginning when it has none). */
  static void rewind(Consumer<?, ?> consumer) {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata offset = committed.get(tp);
      if (offset == null) {
        consumer.seekToBeginning(Set.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
  }
}
