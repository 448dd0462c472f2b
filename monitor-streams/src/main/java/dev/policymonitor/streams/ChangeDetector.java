package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeCounts;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.diff.TextDiff;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.streams.normalize.Normalizer;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes each snapshot into a version, compares it with the document's latest version and emits a
 * change when the text differs. Versions go to {@link PolicyTopology#VERSIONS_SINK}, changes to
 * {@link PolicyTopology#CHANGES_SINK}.
 */
final class ChangeDetector implements Processor<String, Snapshot, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeDetector.class);

  private final Declarations declarations;
  private final Normalizer normalizer;
  private final VersionDiffer differ;
  private final Clock clock;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, Version> latest;

  ChangeDetector(Declarations declarations, Normalizer normalizer, VersionDiffer differ, Clock clock) {
    this.declarations = declarations;
    this.normalizer = normalizer;
    this.differ = differ;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.latest = context.getStateStore(PolicyTopology.LATEST_VERSION_STORE);
  }

  @Override
  public void process(Record<String, Snapshot> record) {
    Snapshot snapshot = record.value();
    if (snapshot == null) {
      return;
    }
    PolicyKey key = snapshot.key();
    DocumentDeclaration declaration = declarations.forKey(key, snapshot.capturedAt())
        .orElse(DocumentDeclaration.of(key.document(), snapshot.url()));
    String text;
    try {
      text = normalizer.extract(snapshot, declaration).text();
    } catch (RuntimeException e) {
      LOG.warn("vendor={} document={} cannot normalize snapshot {}: {}", key.vendor(), key.document(),
          snapshot.digest(), e.toString());
      emit(record, failed(snapshot, e.getMessage()));
      return;
    }
    if (text.isBlank()) {
      emit(record, failed(snapshot, "no text extracted"));
      return;
    }
    Version version = new Version(key.toString(), text, null, Normalizer.VERSION, snapshot.capturedAt(),
        snapshot.digest(), snapshot.url(), snapshot.source(), declaration.rulesDigest());
    Version previous = latest.get(key.toString());
    if (previous != null && previous.textDigest().equals(version.textDigest())) {
      return;
    }
    latest.put(key.toString(), version);
    context.forward(record.withValue(version), PolicyTopology.VERSIONS_SINK);
    emit(record, previous == null ? first(version) : changed(previous, version));
  }

  private void emit(Record<String, Snapshot> record, Change change) {
    LOG.info("vendor={} document={} change={} kind={}", change.vendor(), change.document(), change.changeId(),
        change.kind().wire());
    context.forward(record.withValue(change), PolicyTopology.CHANGES_SINK);
  }

  private Change first(Version v) {
    PolicyKey key = PolicyKey.parse(v.key());
    return new Change(Change.idFor(v.key(), null, v.textDigest(), v.capturedAt()), v.key(), key.vendor(),
        key.document(), ChangeKind.FIRST, null, v.capturedAt(), null, v.textDigest(), List.of(), List.of(),
        List.of(), List.of(), ChangeCounts.NONE, Severity.LOW, List.of(), List.of("first version"), List.of(),
        v.url(), v.source(), clock.instant());
  }

  private Change changed(Version previous, Version v) {
    PolicyKey key = PolicyKey.parse(v.key());
    TextDiff diff = differ.diff(previous.text(), v.text());
    return new Change(Change.idFor(v.key(), previous.textDigest(), v.textDigest(), v.capturedAt()), v.key(),
        key.vendor(), key.document(), ChangeKind.CHANGED, previous.capturedAt(), v.capturedAt(),
        previous.textDigest(), v.textDigest(), diff.added(), diff.removed(), diff.modified(), diff.moved(), null,
        Severity.MEDIUM, List.of(), List.of(), List.of(), v.url(), v.source(), clock.instant());
  }

  private Change failed(Snapshot s, String why) {
    return new Change(Change.idFor(s.key().toString(), "extraction-failed", s.digest(), s.capturedAt()),
        s.key().toString(), s.vendor(), s.document(), ChangeKind.EXTRACTION_FAILED, null, s.capturedAt(), null,
        s.digest(), List.of(), List.of(), List.of(), List.of(), ChangeCounts.NONE, Severity.MEDIUM, List.of(),
        List.of(why == null ? "extraction failed" : why), List.of(), s.url(), s.source(), clock.instant());
  }
}
