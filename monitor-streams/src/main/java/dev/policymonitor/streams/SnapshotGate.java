package dev.policymonitor.streams;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each snapshot its document's target from {@link PolicyTopology#TARGETS_STORE} and passes it on as a
 * {@link Capture}. The global store is filled by its own thread, so a snapshot fetched right after
 * {@code vendors add} can arrive before its target: such a snapshot (and every later one of its document, to keep
 * capture order) waits in {@link PolicyTopology#WAITING_SNAPSHOT_STORE} until the target is known, or until
 * {@link DetectionSettings#targetWait()} has passed (then it is read with generic extraction and a warning is
 * logged). Snapshots of {@code policy-reprocess} never wait: they only re-derive known versions.
 */
final class SnapshotGate implements Processor<String, Snapshot, String, Capture> {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotGate.class);
  /** How often waiting snapshots are looked at (wall-clock time). */
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final boolean reprocess;
  private final Duration wait;
  private ProcessorContext<String, Capture> context;
  private KeyValueStore<String, PlacedTarget> targets;
  private KeyValueStore<String, WaitingSnapshot> waiting;

  /**
   * @param reprocess true for the gate of {@code policy-reprocess}, which never waits
   * @param wait how long a snapshot waits for its target
   */
  SnapshotGate(boolean reprocess, Duration wait) {
    this.reprocess = reprocess;
    this.wait = wait;
  }

  @Override
  public void init(ProcessorContext<String, Capture> context) {
    this.context = context;
    this.targets = context.getStateStore(PolicyTopology.TARGETS_STORE);
    if (!reprocess) {
      this.waiting = context.getStateStore(PolicyTopology.WAITING_SNAPSHOT_STORE);
      context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::release);
    }
  }

  @Override
  public void process(Record<String, Snapshot> record) {
    Snapshot snapshot = record.value();
    if (snapshot == null) {
      return;
    }
    String key = snapshot.key().toString();
    Target target = targetOf(key);
    if (reprocess) {
      context.forward(record.withKey(key).withValue(new Capture(snapshot, target, true)));
      return;
    }
    List<KeyValue<String, WaitingSnapshot>> queued = queued(key);
    if (target != null) {
      queued.forEach(q -> pass(q, target));
      context.forward(record.withKey(key).withValue(Capture.of(snapshot, target)));
      return;
    }
    long offset = context.recordMetadata().map(RecordMetadata::offset).orElse((long) queued.size());
    String waitingKey = key + "|" + String.format("%019d", offset);
    LOG.info("vendor={} document={} snapshot {} waits for the document's target in policy-targets",
        snapshot.vendor(), snapshot.document(), snapshot.digest());
    waiting.put(waitingKey, new WaitingSnapshot(Instant.ofEpochMilli(context.currentSystemTimeMs()),
        record.timestamp(), snapshot));
  }

  /** Passes on the waiting snapshots whose target is now known, or that waited long enough. */
  private void release(long now) {
    Map<String, List<KeyValue<String, WaitingSnapshot>>> byDocument = new LinkedHashMap<>();
    try (KeyValueIterator<String, WaitingSnapshot> it = waiting.all()) {
      it.forEachRemaining(kv -> byDocument.computeIfAbsent(kv.key.substring(0, kv.key.lastIndexOf('|')),
          k -> new ArrayList<>()).add(kv));
    }
    byDocument.forEach((key, queued) -> {
      Target target = targetOf(key);
      boolean expired = !queued.get(0).value.waitingSince().plus(wait).isAfter(Instant.ofEpochMilli(now));
      if (target == null && expired) {
        Snapshot first = queued.get(0).value.snapshot();
        LOG.warn("vendor={} document={} policy-targets does not know the document after {} s: its {} snapshot(s) "
            + "are read with generic extraction", first.vendor(), first.document(), wait.toSeconds(), queued.size());
      }
      if (target != null || expired) {
        queued.forEach(q -> pass(q, target));
      }
    });
  }

  private void pass(KeyValue<String, WaitingSnapshot> queued, Target target) {
    waiting.delete(queued.key);
    WaitingSnapshot w = queued.value;
    String key = w.snapshot().key().toString();
    context.forward(new Record<>(key, Capture.of(w.snapshot(), target), w.timestamp()));
  }

  private List<KeyValue<String, WaitingSnapshot>> queued(String key) {
    List<KeyValue<String, WaitingSnapshot>> out = new ArrayList<>();
    try (KeyValueIterator<String, WaitingSnapshot> it = waiting.prefixScan(key + "|", Serdes.String().serializer())) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private Target targetOf(String key) {
    PlacedTarget placed = targets.get(key);
    return placed == null ? null : placed.target();
  }

  /**
   * A snapshot waiting for its target.
   *
   * @param waitingSince wall-clock time it started waiting
   * @param timestamp its record timestamp
   */
  record WaitingSnapshot(Instant waitingSince, long timestamp, Snapshot snapshot) {}
}
