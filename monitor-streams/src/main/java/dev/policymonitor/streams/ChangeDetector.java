package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import dev.policymonitor.runtime.LogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores around {@link ChangeDetection}: reads a document's state, lets the pure core judge the capture, writes
 * the state it returns and forwards its outputs, typed, to their sinks. Counts and logs what happened. Every
 * {@link #PENDING_SCAN} of wall-clock time it also asks the core to confirm the pending shapes of live pages
 * ({@link ChangeDetection#confirmPending}): an unchanged page gives no new capture to confirm them.
 */
final class ChangeDetector implements Processor<String, Capture, String, Detected> {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeDetector.class);
  /** How often pending shapes are looked at: a small fraction of the day a shape must persist. */
  static final Duration PENDING_SCAN = Duration.ofMinutes(30);

  private final ChangeDetection detection;
  private final StreamsMetrics metrics;
  private ProcessorContext<String, Detected> context;
  private KeyValueStore<String, Version> latest;
  private KeyValueStore<String, DocumentHistory> history;
  private KeyValueStore<String, String> texts;
  private KeyValueStore<String, Snapshot> snapshots;

  ChangeDetector(ChangeDetection detection, StreamsMetrics metrics) {
    this.detection = detection;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Detected> context) {
    this.context = context;
    this.latest = context.getStateStore(PolicyTopology.LATEST_VERSION_STORE);
    this.history = context.getStateStore(PolicyTopology.HISTORY_STORE);
    this.texts = context.getStateStore(PolicyTopology.VERSION_TEXT_STORE);
    this.snapshots = context.getStateStore(PolicyTopology.LATEST_SNAPSHOT_STORE);
    context.schedule(PENDING_SCAN, PunctuationType.WALL_CLOCK_TIME, this::confirmPending);
  }

  /** Accepts the pending shapes of live documents that persisted long enough (see {@link ChangeDetection}). */
  private void confirmPending(long now) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, DocumentHistory> all = history.all()) {
      all.forEachRemaining(kv -> {
        if (kv.value != null && kv.value.pending() != null) {
          keys.add(kv.key);
        }
      });
    }
    for (String key : keys) {
      PolicyKey document = PolicyKey.parse(key);
      try (LogContext ignored = LogContext.of(document.vendor(), document.document())) {
        Optional<Detection> confirmed = detection.confirmPending(new Stored(key));
        if (confirmed.isPresent()) {
          write(key, confirmed.get().update());
          for (Detected out : confirmed.get().outputs()) {
            if (out instanceof Detected.NewChange c) {
              announce(c.change());
            }
            context.forward(new Record<String, Detected>(key, out, now), out.sink());
          }
        }
      } catch (RuntimeException e) {
        // One bad state must not stop the scan, nor the stream.
        LOG.error("vendor={} document={} cannot confirm the pending shape", document.vendor(), document.document(),
            e);
      }
    }
  }

  @Override
  public void process(Record<String, Capture> record) {
    Capture capture = record.value();
    if (capture == null) {
      return;
    }
    Snapshot snapshot = capture.snapshot();
    String key = snapshot.key().toString();
    try (LogContext ignored = LogContext.of(snapshot.vendor(), snapshot.document())) {
      Detection d = detection.detect(new Stored(key), capture);
      write(key, d.update());
      for (Detected out : d.outputs()) {
        if (out instanceof Detected.NewChange c) {
          announce(c.change());
        }
        context.forward(record.withKey(key).withValue(out), out.sink());
      }
      count(snapshot, d.outcome());
    }
  }

  private void write(String key, StateUpdate update) {
    if (update.latest() != null) {
      latest.put(key, update.latest());
    }
    if (update.latestSnapshot() != null) {
      snapshots.put(key, update.latestSnapshot());
    }
    for (Map.Entry<String, String> text : update.texts().entrySet()) {
      texts.put(textKey(key, text.getKey()), text.getValue());
    }
    if (update.history() != null) {
      history.put(key, update.history());
    }
    for (String digest : update.droppedTexts()) {
      texts.delete(textKey(key, digest));
    }
  }

  private void announce(Change change) {
    LOG.info("vendor={} document={} change={} kind={} severity={}", change.vendor(), change.document(),
        change.changeId(), change.kind().wire(), change.severity().wire());
    metrics.change(change.kind(), change.severity());
  }

  private void count(Snapshot snapshot, Outcome outcome) {
    outcome.counted().ifPresent(metrics::version);
    if (outcome instanceof Outcome.ExtractionFailed failed) {
      LOG.warn("vendor={} document={} extraction failed for snapshot {} captured at {}: {}", snapshot.vendor(),
          snapshot.document(), snapshot.digest(), snapshot.capturedAt(), failed.change().reasons());
      metrics.extractionFailure(snapshot.vendor());
    } else if (outcome instanceof Outcome.Nothing nothing) {
      LOG.debug("vendor={} document={} snapshot {}: no change ({})", snapshot.vendor(), snapshot.document(),
          snapshot.digest(), nothing.why());
    }
  }

  static String textKey(String key, String textDigest) {
    return key + "@" + textDigest;
  }

  /** One document's state, read from the stores as the core asks for it. */
  private final class Stored implements DocumentState {
    private final String key;

    Stored(String key) {
      this.key = key;
    }

    @Override
    public Version latest() {
      return latest.get(key);
    }

    @Override
    public Snapshot latestSnapshot() {
      return snapshots.get(key);
    }

    @Override
    public DocumentHistory history() {
      DocumentHistory h = history.get(key);
      return h == null ? DocumentHistory.EMPTY : h;
    }

    @Override
    public String text(String textDigest) {
      return texts.get(textKey(key, textDigest));
    }
  }
}
