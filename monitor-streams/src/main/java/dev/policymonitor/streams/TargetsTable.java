package dev.policymonitor.streams;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Target;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps {@link PolicyTopology#TARGETS_STORE}, the global store of every tracked document's target as
 * {@code policy-targets} holds it (see {@link PlacedTarget} for why a tombstone only counts in its own partition).
 * Kafka Streams also runs it when it restores the store at start.
 */
final class TargetsTable implements Processor<String, Target, Void, Void> {
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, PlacedTarget> targets;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.targets = context.getStateStore(PolicyTopology.TARGETS_STORE);
  }

  @Override
  public void process(Record<String, Target> record) {
    if (record.key() == null) {
      return;
    }
    int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
    PlacedTarget kept = targets.get(record.key());
    PlacedTarget next = PlacedTarget.merge(kept, partition, record.timestamp(), record.value());
    if (next == null) {
      if (kept != null) {
        targets.delete(record.key());
      }
    } else if (!next.equals(kept)) {
      targets.put(record.key(), next);
    }
  }
}
