package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Digests;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.runtime.LogContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each snapshot into a version and decides what kind of change it is, in captured-at order.
 *
 * <ul>
 *   <li><b>Duplicates</b> (bytes already known, or the same text as the version before it) emit nothing.</li>
 *   <li><b>first</b>: the first good version of a document. <b>changed</b>: the text changed; classified, flagged
 *       {@code undisclosed} when the policy's own "last updated" date stayed the same. <b>cosmetic</b>: only
 *       case, punctuation, whitespace, link query strings or dates changed (low severity).</li>
 *   <li><b>technical-upgrade</b>: when the normalizer version or the extraction rules of the new capture differ
 *       from those that produced the latest version, the latest version's snapshot (kept in
 *       {@link PolicyTopology#LATEST_SNAPSHOT_STORE}) is re-read with the new rules. If it then reads like the new
 *       capture (or the new capture read with the old rules reads like the latest version), only the rules made
 *       the difference: one technical-upgrade event for the new capture, never alerted. Otherwise, when re-reading
 *       moved the old text, a technical-upgrade event records that and the new capture is compared with the
 *       re-derived text. When neither capture can be read with the other's rules (new rules for a new page
 *       layout), the rules most likely made the difference: the change is a technical-upgrade flagged
 *       {@code unverified} (diff kept, not alerted) unless it is high severity, which stays {@code changed}.
 *       Snapshots of the {@code policy-reprocess} topic only ever produce technical-upgrade events, for known
 *       versions.</li>
 *   <li><b>reverted</b>: the new text equals an earlier version A that was replaced by B less than the revert
 *       window (default 7 days) before this capture. B's change was alerted when it happened (holding every
 *       change back for the window would delay real alerts by a week); the A-again event is {@code reverted}
 *       (low severity, flag {@code reverted}, its reason names B's capture and change id), never a second
 *       {@code changed}, so B gets no second alert and readers learn B was undone.</li>
 *   <li><b>historical</b>: a capture older than the latest version (a late Wayback capture) is placed in the
 *       bounded history; it emits {@code historical} changes (flag {@code historical}) against its neighbours,
 *       and never replaces the latest version.</li>
 *   <li><b>extraction-failed</b>: normalization failed, the text is empty or a JavaScript shell, or it shrank by
 *       more than half: the event says why, and the latest version stays the last good one.</li>
 * </ul>
 */
final class ChangeDetector implements Processor<String, Snapshot, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeDetector.class);

  private final Declarations declarations;
  private final Normalizer normalizer;
  private final ChangeFactory changes;
  private final DetectionSettings settings;
  private final ExtractionHealth health;
  private final StreamsMetrics metrics;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, Version> latest;
  private KeyValueStore<String, DocumentHistory> history;
  private KeyValueStore<String, String> texts;
  private KeyValueStore<String, Snapshot> snapshots;

  ChangeDetector(Declarations declarations, Normalizer normalizer, ChangeFactory changes,
      DetectionSettings settings, StreamsMetrics metrics) {
    this.declarations = declarations;
    this.normalizer = normalizer;
    this.changes = changes;
    this.settings = settings;
    this.health = new ExtractionHealth(settings.shrinkRatio());
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.latest = context.getStateStore(PolicyTopology.LATEST_VERSION_STORE);
    this.history = context.getStateStore(PolicyTopology.HISTORY_STORE);
    this.texts = context.getStateStore(PolicyTopology.VERSION_TEXT_STORE);
    this.snapshots = context.getStateStore(PolicyTopology.LATEST_SNAPSHOT_STORE);
  }

  @Override
  public void process(Record<String, Snapshot> record) {
    Snapshot snapshot = record.value();
    if (snapshot == null) {
      return;
    }
    try (LogContext ignored = LogContext.of(snapshot.vendor(), snapshot.document())) {
      detect(record, snapshot);
    } catch (RuntimeException | StackOverflowError e) {
      // One pathological snapshot must not stop the stream (a replaced thread would meet it again, forever).
      LOG.error("vendor={} document={} cannot process snapshot {} captured at {}", snapshot.vendor(),
          snapshot.document(), snapshot.digest(), snapshot.capturedAt(), e);
      metrics.version(StreamsMetrics.FAILED);
      metrics.extractionFailure(snapshot.vendor());
      emit(record, changes.failed(snapshot, "cannot process the snapshot: " + e, false));
    }
  }

  private void detect(Record<String, Snapshot> record, Snapshot snapshot) {
    String key = snapshot.key().toString();
    DocumentHistory known = Optional.ofNullable(history.get(key)).orElse(DocumentHistory.EMPTY);
    if (fromReprocessTopic()) {
      reprocess(record, snapshot, known);
      return;
    }
    Version current = latest.get(key);
    if (current != null && snapshot.capturedAt().isBefore(current.capturedAt())) {
      historical(record, snapshot, known);
    } else {
      live(record, snapshot, current, known);
    }
  }

  private void live(Record<String, Snapshot> record, Snapshot snapshot, Version current, DocumentHistory known) {
    DocumentDeclaration declaration = declarationFor(snapshot.key(), snapshot.capturedAt(), snapshot.url());
    boolean rulesChanged = current != null && rulesChanged(current, declaration);
    if (current != null && snapshot.digest().equals(current.snapshotDigest()) && !rulesChanged) {
      metrics.version(StreamsMetrics.UNCHANGED);
      return;
    }
    if (snapshot.digest().equals(known.lastFailedDigest())) {
      metrics.version(StreamsMetrics.FAILED);
      return;
    }
    Extracted x = extract(snapshot, declaration);
    if (x.error() != null) {
      fail(record, snapshot, x.error(), known, false);
      return;
    }
    Version version = versionOf(snapshot, x.text(), declaration);
    Version base = current;
    Optional<String> note = Optional.empty();
    if (rulesChanged) {
      Optional<Version> rederived = rederive(current, declaration);
      boolean onlyRules = rederived.map(r -> r.textDigest().equals(version.textDigest()))
          .orElseGet(() -> sameTextUnderPreviousRules(snapshot, current));
      if (onlyRules) {
        upgradeInPlace(record, snapshot, current, version, known);
        return;
      }
      if (rederived.isPresent()) {
        base = rederived.get();
        if (base.textDigest().equals(current.textDigest())) {
          // The new rules read the previous snapshot the same: remember them, so it is not re-read again.
          Version same = base;
          latest.put(same.key(), same);
          DocumentHistory h = known;
          known.bySnapshotDigest(current.snapshotDigest()).ifPresent(e -> history.put(same.key(), h.replacing(e,
              e.withText(e.textDigest(), same.normalizerVersion(), same.declarationDigest()))));
          known = Optional.ofNullable(history.get(current.key())).orElse(DocumentHistory.EMPTY);
        } else {
          // The previous version reads differently under the new rules: record that, then compare with it.
          known.bySnapshotDigest(current.snapshotDigest()).ifPresent(e -> replaceVersion(record, current.key(),
              Optional.ofNullable(history.get(current.key())).orElse(DocumentHistory.EMPTY), e,
              rederived.get(), changes.technicalUpgrade(current, rederived.get(),
                  why(current.normalizerVersion(), current.declarationDigest(), rederived.get()))));
          known = Optional.ofNullable(history.get(current.key())).orElse(DocumentHistory.EMPTY);
        }
      } else {
        note = Optional.of("note: the extraction rules changed with the page and neither capture could be read "
            + "with the other's rules; the diff may include differences of extraction");
      }
    }
    Optional<String> problem = health.problem(snapshot, version.text(), base == null ? null : base.text());
    if (problem.isPresent()) {
      fail(record, snapshot, problem.get(), known, false);
      return;
    }
    if (base == null) {
      Change first = changes.first(version);
      store(record, snapshot, version, first, known);
      emit(record, first);
      metrics.version(StreamsMetrics.FIRST);
      return;
    }
    if (version.textDigest().equals(base.textDigest())) {
      metrics.version(StreamsMetrics.UNCHANGED);
      return;
    }
    Optional<VersionEntry[]> revert = revertOf(known, version);
    Change change = revert.isPresent() ? changes.reverted(base, version, revert.get()[0], revert.get()[1])
        : changes.compared(base, version, false, note);
    if (note.isPresent() && change.kind() == ChangeKind.CHANGED && !change.severity().atLeast(Severity.HIGH)) {
      // New rules for a new page layout (an OTA declaration history): the rules most likely made the
      // difference. Only a high-severity practice change is alerted; the rest is an unverified upgrade.
      change = changes.unverifiedUpgrade(base, version,
          why(current.normalizerVersion(), current.declarationDigest(), version));
    }
    store(record, snapshot, version, change, known);
    emit(record, change);
    metrics.version(StreamsMetrics.CHANGED);
  }

  /**
   * The new capture says what the previous version said, read with new rules: one technical-upgrade event
   * (never alerted) when the text moved, else the new rules are recorded silently.
   */
  private void upgradeInPlace(Record<String, Snapshot> record, Snapshot snapshot, Version current, Version version,
      DocumentHistory known) {
    if (version.textDigest().equals(current.textDigest())) {
      latest.put(version.key(), version);
      snapshots.put(version.key(), snapshot);
      known.bySnapshotDigest(current.snapshotDigest()).ifPresent(e -> history.put(version.key(), known.replacing(e,
          e.withText(e.textDigest(), version.normalizerVersion(), version.declarationDigest()))));
      metrics.version(StreamsMetrics.UNCHANGED);
      return;
    }
    Optional<String> problem = health.problem(snapshot, version.text(), current.text());
    if (problem.isPresent()) {
      fail(record, snapshot, problem.get(), known, false);
      return;
    }
    Change upgrade = changes.technicalUpgrade(current, version,
        why(current.normalizerVersion(), current.declarationDigest(), version));
    store(record, snapshot, version, upgrade, known);
    emit(record, upgrade);
    metrics.version(StreamsMetrics.CHANGED);
  }

  /** A capture older than the latest version: placed in history, compared with its neighbours, never live. */
  private void historical(Record<String, Snapshot> record, Snapshot snapshot, DocumentHistory known) {
    String key = snapshot.key().toString();
    if (known.bySnapshotDigest(snapshot.digest()).isPresent()
        || snapshot.digest().equals(known.lastFailedDigest())) {
      metrics.version(StreamsMetrics.UNCHANGED);
      return;
    }
    Optional<VersionEntry> before = known.before(snapshot.capturedAt());
    Optional<VersionEntry> after = known.after(snapshot.capturedAt());
    String beforeText = before.map(e -> texts.get(textKey(key, e.textDigest()))).orElse(null);
    DocumentDeclaration declaration = declarationFor(snapshot.key(), snapshot.capturedAt(), snapshot.url());
    Extracted x = extract(snapshot, declaration);
    Optional<String> problem = x.error() != null ? Optional.of(x.error())
        : health.problem(snapshot, x.text(), beforeText);
    if (problem.isPresent()) {
      fail(record, snapshot, problem.get(), known, true);
      return;
    }
    Version version = versionOf(snapshot, x.text(), declaration);
    boolean sameAsBefore = before.map(e -> e.textDigest().equals(version.textDigest())).orElse(false);
    boolean sameAsAfter = after.map(e -> e.textDigest().equals(version.textDigest())).orElse(false);
    if (sameAsBefore || sameAsAfter) {
      metrics.version(StreamsMetrics.UNCHANGED);
      return;
    }
    Change change = beforeText == null ? changes.historicalFirst(version)
        : changes.compared(versionOf(key, before.get(), beforeText, snapshot), version, true, Optional.empty());
    DocumentHistory updated = known.with(entryOf(version, change), settings.historyLimit());
    texts.put(textKey(key, version.textDigest()), version.text());
    saveHistory(key, known, updated);
    emit(record, change);
    String afterText = after.map(e -> texts.get(textKey(key, e.textDigest()))).orElse(null);
    if (afterText != null) {
      emit(record, changes.compared(version, versionOf(key, after.get(), afterText, snapshot), true,
          Optional.empty()));
    }
    metrics.version(StreamsMetrics.CHANGED);
  }

  /** A snapshot from {@code policy-reprocess}: re-derive a known version; emit only technical upgrades. */
  private void reprocess(Record<String, Snapshot> record, Snapshot snapshot, DocumentHistory known) {
    String key = snapshot.key().toString();
    Optional<VersionEntry> entry = known.bySnapshotDigest(snapshot.digest());
    if (entry.isEmpty()) {
      LOG.debug("vendor={} document={} reprocess: snapshot {} is no known version; skipped", snapshot.vendor(),
          snapshot.document(), snapshot.digest());
      return;
    }
    VersionEntry e = entry.get();
    DocumentDeclaration declaration = declarationFor(snapshot.key(), snapshot.capturedAt(), snapshot.url());
    Extracted x = extract(snapshot, declaration);
    String oldText = texts.get(textKey(key, e.textDigest()));
    Optional<String> problem = x.error() != null ? Optional.of(x.error())
        : health.problem(snapshot, x.text(), oldText);
    if (problem.isPresent()) {
      LOG.warn("vendor={} document={} reprocess: snapshot {} kept its version: {}", snapshot.vendor(),
          snapshot.document(), snapshot.digest(), problem.get());
      return;
    }
    Version after = new Version(key, x.text(), null, normalizerVersion(), e.capturedAt(), e.snapshotDigest(),
        snapshot.url(), snapshot.source(), declaration.rulesDigest(), null, snapshot.rendered());
    if (after.textDigest().equals(e.textDigest())) {
      if (!after.normalizerVersion().equals(e.normalizerVersion())
          || !Objects.equals(after.declarationDigest(), e.rulesDigest())) {
        history.put(key, known.replacing(e, e.withText(e.textDigest(), after.normalizerVersion(),
            after.declarationDigest())));
      }
      return;
    }
    Version before = versionOf(key, e, oldText == null ? "" : oldText, snapshot);
    Change change = changes.technicalUpgrade(before, after, why(e.normalizerVersion(), e.rulesDigest(), after));
    replaceVersion(record, key, known, e, after, change);
  }

  /** The latest version's snapshot read with {@code declaration} and today's normalizer; empty when impossible. */
  private Optional<Version> rederive(Version current, DocumentDeclaration declaration) {
    Snapshot previous = snapshots.get(current.key());
    if (previous == null || !previous.digest().equals(current.snapshotDigest())) {
      return Optional.empty();
    }
    Extracted x = extract(previous, declaration);
    if (x.error() != null || health.problem(previous, x.text(), current.text()).isPresent()) {
      LOG.info("vendor={} document={} the latest version cannot be re-derived with the new rules: {}",
          previous.vendor(), previous.document(), x.error() != null ? x.error() : "text failed the health check");
      return Optional.empty();
    }
    return Optional.of(new Version(current.key(), x.text(), null, normalizerVersion(), current.capturedAt(),
        current.snapshotDigest(), current.url(), current.source(), declaration.rulesDigest()));
  }

  /** True when the new snapshot, read with the rules of the previous version, gives the previous text. */
  private boolean sameTextUnderPreviousRules(Snapshot snapshot, Version current) {
    if (!normalizerVersion().equals(current.normalizerVersion())) {
      return false;
    }
    DocumentDeclaration old = declarationFor(snapshot.key(), current.capturedAt(), current.url());
    if (!Objects.equals(old.rulesDigest(), current.declarationDigest())) {
      return false;
    }
    Extracted x = extract(snapshot, old);
    return x.error() == null && Digests.sha1Base32(x.text()).equals(current.textDigest());
  }

  private void replaceVersion(Record<String, Snapshot> record, String key, DocumentHistory known, VersionEntry old,
      Version after, Change change) {
    DocumentHistory updated = known.replacing(old,
        old.withText(after.textDigest(), after.normalizerVersion(), after.declarationDigest()));
    texts.put(textKey(key, after.textDigest()), after.text());
    saveHistory(key, known, updated);
    Version current = latest.get(key);
    if (current != null && current.capturedAt().equals(old.capturedAt())
        && Objects.equals(current.snapshotDigest(), old.snapshotDigest())) {
      latest.put(key, after);
      context.forward(record.withValue((Object) after), PolicyTopology.VERSIONS_SINK);
    }
    emit(record, change);
  }

  private Optional<VersionEntry[]> revertOf(DocumentHistory known, Version version) {
    List<VersionEntry> versions = known.versions();
    for (int i = versions.size() - 2; i >= 0; i--) {
      if (versions.get(i).textDigest().equals(version.textDigest())) {
        VersionEntry undone = versions.get(i + 1);
        Duration away = Duration.between(undone.capturedAt(), version.capturedAt());
        return away.compareTo(settings.revertWindow()) <= 0
            ? Optional.of(new VersionEntry[] {versions.get(i), undone}) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void store(Record<String, Snapshot> record, Snapshot snapshot, Version version, Change change,
      DocumentHistory known) {
    String key = version.key();
    latest.put(key, version);
    snapshots.put(key, snapshot);
    texts.put(textKey(key, version.textDigest()), version.text());
    saveHistory(key, known, known.with(entryOf(version, change), settings.historyLimit()));
    context.forward(record.withValue((Object) version), PolicyTopology.VERSIONS_SINK);
  }

  /** Saves a history and drops the texts no kept version refers to any more. */
  private void saveHistory(String key, DocumentHistory before, DocumentHistory after) {
    history.put(key, after);
    for (VersionEntry gone : before.versions()) {
      if (!after.referencesText(gone.textDigest())) {
        texts.delete(textKey(key, gone.textDigest()));
      }
    }
  }

  private void fail(Record<String, Snapshot> record, Snapshot snapshot, String why, DocumentHistory known,
      boolean historical) {
    LOG.warn("vendor={} document={} extraction failed for snapshot {} captured at {}: {}", snapshot.vendor(),
        snapshot.document(), snapshot.digest(), snapshot.capturedAt(), why);
    history.put(snapshot.key().toString(), known.withFailed(snapshot.digest()));
    metrics.version(StreamsMetrics.FAILED);
    metrics.extractionFailure(snapshot.vendor());
    emit(record, changes.failed(snapshot, why, historical));
  }

  private void emit(Record<String, Snapshot> record, Change change) {
    LOG.info("vendor={} document={} change={} kind={} severity={}", change.vendor(), change.document(),
        change.changeId(), change.kind().wire(), change.severity().wire());
    metrics.change(change.kind(), change.severity());
    context.forward(record.withValue((Object) change), PolicyTopology.CHANGES_SINK);
  }

  /** True when {@code declaration} or the normalizer differ from the ones that produced {@code v}. */
  private static boolean rulesChanged(Version v, DocumentDeclaration declaration) {
    return !normalizerVersion().equals(v.normalizerVersion())
        || !Objects.equals(declaration.rulesDigest(), v.declarationDigest());
  }

  private boolean fromReprocessTopic() {
    return context.recordMetadata().map(RecordMetadata::topic).map(Topics.REPROCESS.name()::equals)
        .orElse(false);
  }

  private DocumentDeclaration declarationFor(PolicyKey key, java.time.Instant capturedAt, String url) {
    return declarations.forKey(key, capturedAt).orElse(DocumentDeclaration.of(key.document(), url));
  }

  private Extracted extract(Snapshot snapshot, DocumentDeclaration declaration) {
    try {
      return new Extracted(normalize(snapshot, declaration), null);
    } catch (Exception e) {
      return new Extracted(null, "cannot normalize: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** The one call into normalization. */
  private String normalize(Snapshot snapshot, DocumentDeclaration declaration) {
    return normalizer.extract(snapshot, declaration).text();
  }

  /** The version of the normalization rules, recorded on each version. */
  static String normalizerVersion() {
    return Normalizer.VERSION;
  }

  private Version versionOf(Snapshot snapshot, String text, DocumentDeclaration declaration) {
    return new Version(snapshot.key().toString(), text, null, normalizerVersion(), snapshot.capturedAt(),
        snapshot.digest(), snapshot.url(), snapshot.source(), declaration.rulesDigest(), null, snapshot.rendered());
  }

  private static Version versionOf(String key, VersionEntry e, String text, Snapshot like) {
    return new Version(key, text, e.textDigest(), e.normalizerVersion(), e.capturedAt(), e.snapshotDigest(),
        like.url(), like.source(), e.rulesDigest(), null, like.rendered());
  }

  private static VersionEntry entryOf(Version v, Change change) {
    return new VersionEntry(v.capturedAt(), v.snapshotDigest(), v.textDigest(), v.normalizerVersion(),
        v.declarationDigest(), change.changeId(), change.kind());
  }

  private static String why(String oldNormalizer, String oldRules, Version after) {
    if (!after.normalizerVersion().equals(oldNormalizer)) {
      return "normalizer " + oldNormalizer + " -> " + after.normalizerVersion();
    }
    return "extraction rules changed (" + oldRules + " -> " + after.declarationDigest() + ")";
  }

  static String textKey(String key, String textDigest) {
    return key + "@" + textDigest;
  }

  private record Extracted(String text, String error) {}
}
