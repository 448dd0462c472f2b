package dev.policymonitor.streams;

// Over 300 lines on purpose: every decision path of change detection, in order, in one place to read and extend.

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Digests;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRules;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Version;
import dev.policymonitor.normalize.Extraction;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.normalize.Page;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change detection as a pure function: given what is known of a document ({@link DocumentState}) and a new
 * {@link Capture}, decide what happened ({@link Outcome}), what to publish and what state to write
 * ({@link Detection}). No Kafka here; {@link ChangeDetector} reads and writes the stores around it.
 *
 * <p>The decision paths, in the order {@link #detect} tries them:
 * <ul>
 *   <li><b>reprocess</b>: a snapshot of {@code policy-reprocess} re-derives a known version with today's rules and
 *       emits only a technical upgrade, when the text moved.</li>
 *   <li><b>historical</b>: a capture older than the latest version (a late Wayback capture) is placed in the
 *       bounded history; it emits {@code historical} changes (flag {@code historical}) against its neighbours and
 *       never replaces the latest version.</li>
 *   <li><b>nothing</b>: the bytes of the latest version, or of the last broken snapshot, again; or the same text.</li>
 *   <li><b>extraction-failed</b>: normalization failed, or the text is empty or a JavaScript shell: the event says
 *       why, and the latest version stays the last good one.</li>
 *   <li><b>major rewrite</b>: a readable text that shrank by more than the shrink ratio is reported as
 *       extraction-failed and kept as the pending shape; when the same shape is captured again at least
 *       {@link DetectionSettings#rewriteAfter} after its first capture (or, for a live page whose bytes stay the same,
 *       when that time has passed, {@link #confirmPending}), it becomes the new baseline: a {@code changed} event
 *       flagged {@code major-rewrite}, at least medium, diffed against the old baseline. A capture of the usual size
 *       in between drops the pending shape, so a one-off broken capture never moves the baseline.</li>
 *   <li><b>technical-upgrade</b>: when the normalizer version or the extraction rules of the new capture differ from
 *       those that produced the latest version, the latest version's snapshot is re-read with the new rules. If it
 *       then reads like the new capture (or the new capture read with the old rules reads like the latest version),
 *       only the rules made the difference: one technical-upgrade event, never alerted. Otherwise, when re-reading
 *       moved the old text, a technical-upgrade event records that and the new capture is compared with the
 *       re-derived text. When neither capture can be read with the other's rules, the change is a technical upgrade
 *       flagged {@code unverified} (diff kept, not alerted) unless it is high severity, which stays changed.</li>
 *   <li><b>first</b>: the first good version of a document.</li>
 *   <li><b>reverted</b>: the new text equals an earlier version A that was replaced by B less than the revert
 *       window before this capture: low severity, flag {@code reverted}, its reason names B's capture and change
 *       id; never a second {@code changed}.</li>
 *   <li><b>layout</b>: with generic extraction (no selectors), the same policy in a new page container (only
 *       boilerplate lines changed at the edges of the text, {@link Layout}): a technical upgrade flagged
 *       {@code layout}, never alerted.</li>
 *   <li><b>changed</b> / <b>cosmetic</b>: see {@link ChangeFactory#compared}; cosmetic means only case, punctuation,
 *       whitespace, link query strings or the policy's stated date changed; a change whose every sentence matches
 *       one of the document's ignore rules ({@code policy-targets}) is {@code cosmetic} flagged {@code ignored}, and
 *       never alerted.</li>
 * </ul>
 *
 * <p>Every version carries the language the normalizer found ({@code Extraction.language}); diffs split sentences
 * by that language's rules.
 *
 * <p>A new decision path goes into {@link #live} at its place in that order; rules about
 * the words (dates per language, cosmetic edits) go into {@link ChangeFactory}. Whatever a path throws (a
 * pathological snapshot) becomes an extraction-failed event with no state written: one snapshot never stops the
 * stream.
 */
public final class ChangeDetection {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeDetection.class);

  /** Turns a snapshot into text with a declaration's rules. */
  public interface Extractor {
    /** The version of the rules, recorded on each version: a new one re-derives the latest version. */
    String version();

    String text(Snapshot snapshot, DocumentDeclaration declaration) throws Exception;

    /** The text and its language (null when the extractor does not know it). */
    default Extraction read(Snapshot snapshot, DocumentDeclaration declaration) throws Exception {
      return new Extraction(text(snapshot, declaration), List.of());
    }

    /**
     * {@code snapshot}, to be read with a declaration: first its markup digest, then its text only when needed.
     * By default there is no markup digest, and the text is {@link #read}.
     */
    default Reading reading(Snapshot snapshot) {
      return new Reading() {
        @Override
        public Optional<String> markupDigest(DocumentDeclaration declaration) {
          return Optional.empty();
        }

        @Override
        public Extraction read(DocumentDeclaration declaration) throws Exception {
          return Extractor.this.read(snapshot, declaration);
        }
      };
    }

    /** The production normalizer. */
    static Extractor of(Normalizer normalizer) {
      return new Extractor() {
        @Override
        public String version() {
          return Normalizer.VERSION;
        }

        @Override
        public String text(Snapshot snapshot, DocumentDeclaration declaration) {
          return read(snapshot, declaration).text();
        }

        @Override
        public Extraction read(Snapshot snapshot, DocumentDeclaration declaration) {
          return normalizer.extract(snapshot, declaration);
        }

        @Override
        public Reading reading(Snapshot snapshot) {
          Page page = normalizer.page(snapshot);
          return new Reading() {
            @Override
            public Optional<String> markupDigest(DocumentDeclaration declaration) {
              return normalizer.markupDigest(page, declaration);
            }

            @Override
            public Extraction read(DocumentDeclaration declaration) {
              return normalizer.extract(page, declaration);
            }
          };
        }
      };
    }
  }

  /** One snapshot being read (not shared between threads): the markup digest, then the text, parsed once. */
  public interface Reading {
    /**
     * A digest of what extraction under {@code declaration} reads of the snapshot: two snapshots with the same
     * digest, read with the same rules, have the same text. Empty when the extractor cannot tell.
     */
    Optional<String> markupDigest(DocumentDeclaration declaration);

    Extraction read(DocumentDeclaration declaration) throws Exception;
  }

  /** How alike (word Dice) a text must be to the pending shape to count as the same shape seen again. */
  static final double SAME_SHAPE = 0.8;

  private final Extractor extractor;
  private final ChangeFactory changes;
  private final DetectionSettings settings;
  private final ExtractionHealth health;

  public ChangeDetection(Extractor extractor, ChangeFactory changes, DetectionSettings settings) {
    this.extractor = extractor;
    this.changes = changes;
    this.settings = settings;
    this.health = new ExtractionHealth(settings.shrinkRatio());
  }

  /** Judges {@code capture} against {@code state}. Never throws for a bad snapshot. */
  public Detection detect(DocumentState state, Capture capture) {
    try {
      return decide(new Workspace(state), capture);
    } catch (RuntimeException | StackOverflowError e) {
      // One pathological snapshot must not stop the stream (a replaced thread would meet it again, forever).
      Snapshot s = capture.snapshot();
      LOG.error("vendor={} document={} cannot process snapshot {} captured at {}", s.vendor(), s.document(),
          s.digest(), s.capturedAt(), e);
      Change failed = changes.failed(s, "cannot process the snapshot: " + e, false);
      return new Detection(new Outcome.ExtractionFailed(failed), List.of(new Detected.NewChange(failed)),
          StateUpdate.NONE);
    }
  }

  private Detection decide(Workspace ws, Capture capture) {
    if (capture.reprocess()) {
      return reprocess(ws, capture);
    }
    Version current = ws.latest();
    if (current != null && capture.snapshot().capturedAt().isBefore(current.capturedAt())) {
      return historical(ws, capture);
    }
    return live(ws, capture, current);
  }

  private Detection live(Workspace ws, Capture capture, Version current) {
    Snapshot snapshot = capture.snapshot();
    DocumentHistory known = ws.history();
    DocumentDeclaration declaration = capture.declarationAt(snapshot.capturedAt(), snapshot.url());
    boolean rulesChanged = current != null && rulesChanged(current, declaration);
    if (current != null && snapshot.digest().equals(current.snapshotDigest()) && !rulesChanged) {
      return ws.result(new Outcome.Nothing("the bytes of the latest version", VersionResult.UNCHANGED));
    }
    PendingShape pending = known.pending();
    boolean pendingBytes = pending != null && snapshot.digest().equals(pending.snapshotDigest());
    if (snapshot.digest().equals(known.lastFailedDigest()) && !pendingBytes) {
      return ws.result(new Outcome.Nothing("the bytes that failed last time", VersionResult.FAILED));
    }
    Reading reading = extractor.reading(snapshot);
    Optional<String> markup = reading.markupDigest(declaration);
    if (current != null && !rulesChanged && markup.isPresent() && markup.get().equals(current.markupDigest())
        && pending == null && known.lastFailedDigest() == null) {
      return ws.result(new Outcome.Nothing("the markup of the latest version's text (outside scripts, styles and "
          + "comments)", VersionResult.UNCHANGED));
    }
    Extracted x = extract(reading, declaration);
    if (x.error() != null) {
      return fail(ws, snapshot, x.error(), known, false);
    }
    Version version = versionOf(snapshot, x, declaration).withMarkupDigest(markup.orElse(null));
    Version base = current;
    Optional<String> note = Optional.empty();
    if (rulesChanged) {
      Optional<Version> rederived = rederive(ws, current, declaration);
      boolean onlyRules = rederived.map(r -> r.textDigest().equals(version.textDigest()))
          .orElseGet(() -> sameTextUnderPreviousRules(capture, current));
      if (onlyRules) {
        return upgradeInPlace(ws, snapshot, current, version, known);
      }
      if (rederived.isPresent()) {
        Version reread = rederived.get();
        DocumentHistory stored = known;
        Optional<VersionEntry> entry = stored.bySnapshotDigest(current.snapshotDigest());
        if (reread.textDigest().equals(current.textDigest())) {
          // The new rules read the previous snapshot the same: remember them, so it is not re-read again.
          ws.putLatest(reread);
          entry.ifPresent(e -> ws.putHistory(stored.replacing(e,
              e.withText(e.textDigest(), reread.normalizerVersion(), reread.declarationDigest()))));
        } else {
          // The previous version reads differently under the new rules: record that, then compare with it.
          entry.ifPresent(e -> replaceVersion(ws, stored, e, reread, changes.technicalUpgrade(current, reread,
              why(current.normalizerVersion(), current.declarationDigest(), reread))));
        }
        base = reread;
        known = ws.history();
      } else {
        note = Optional.of("note: the extraction rules changed with the page and neither capture could be read "
            + "with the other's rules; the diff may include differences of extraction");
      }
    }
    Optional<String> unreadable = health.unreadable(snapshot, version.text());
    if (unreadable.isPresent()) {
      return fail(ws, snapshot, unreadable.get(), known, false);
    }
    Optional<String> shrunk = base == null ? Optional.empty() : health.shrunk(version.text(), base.text());
    if (shrunk.isPresent()) {
      return shrunk(ws, snapshot, base, version, shrunk.get(), known, capture.ignoreRules());
    }
    if (base == null) {
      Change first = changes.first(version);
      store(ws, snapshot, version, first, known);
      return ws.result(new Outcome.First(first));
    }
    if (version.textDigest().equals(base.textDigest())) {
      if (known.pending() != null || known.lastFailedDigest() != null) {
        // The usual text is back: a shorter shape did not persist, and broken bytes seen again are news again.
        ws.saveHistory(known, known.withPending(null).withFailed(null));
      }
      if (base == current && current.markupDigest() == null && version.markupDigest() != null) {
        // A version kept before markup digests (or of a page read without one): learn it once.
        ws.putLatest(current.withMarkupDigest(version.markupDigest()));
      }
      return ws.result(new Outcome.Nothing("the same text", VersionResult.UNCHANGED));
    }
    Optional<VersionEntry[]> revert = revertOf(known, version);
    Version before = base;
    Optional<String> why = note;
    Change change = revert.isPresent() ? changes.reverted(base, version, revert.get()[0], revert.get()[1], capture.ignoreRules())
        : (declaration.select().isEmpty() && note.isEmpty() ? changes.layout(base, version) : Optional.<Change>empty())
            .orElseGet(() -> changes.compared(before, version, false, why, capture.ignoreRules()));
    if (note.isPresent() && change.kind() == ChangeKind.CHANGED && !change.severity().atLeast(Severity.HIGH)) {
      // New rules for a new page layout (an OTA declaration history): the rules most likely made the
      // difference. Only a high-severity practice change is alerted; the rest is an unverified upgrade.
      change = changes.unverifiedUpgrade(base, version,
          why(current.normalizerVersion(), current.declarationDigest(), version));
    }
    store(ws, snapshot, version, change, known);
    return ws.result(outcomeOf(change));
  }

  /**
   * A readable text much shorter than the baseline: a broken capture, or the document's new shape. The first such
   * text is reported as extraction-failed and kept as the pending shape; the same shape (the same text, or one at
   * least {@value #SAME_SHAPE} alike) captured again {@link DetectionSettings#rewriteAfter} or more after its first
   * capture becomes the new baseline ({@link #acceptRewrite}); captures of it before then are silent. Any other
   * shrunk text replaces the pending shape (and is reported). A capture of the usual size clears it (see
   * {@link #store}). The rule in words: {@code docs/detection.md}.
   */
  private Detection shrunk(Workspace ws, Snapshot snapshot, Version base, Version version, String why,
      DocumentHistory known, IgnoreRules ignore) {
    PendingShape p = known.pending();
    String pendingText = p == null ? null : ws.text(p.textDigest());
    if (p != null && pendingText != null && sameShape(p, pendingText, version)) {
      if (Duration.between(p.capturedAt(), version.capturedAt()).compareTo(settings.rewriteAfter()) >= 0) {
        return acceptRewrite(ws, base, p, pendingText, version, snapshot, version.capturedAt(), known, ignore);
      }
      ws.putHistory(known.withFailed(snapshot.digest()).withPending(p.seenAgain()));
      return ws.result(new Outcome.Nothing("the pending new shape again (first captured at " + p.capturedAt()
          + "), not yet confirmed", VersionResult.FAILED));
    }
    PendingShape shape = PendingShape.of(version, changes.now());
    ws.putText(version.textDigest(), version.text());
    ws.saveHistory(known, known.withFailed(snapshot.digest()).withPending(shape));
    Change failed = changes.failed(snapshot, why + "; if the document keeps this shape until "
        + version.capturedAt().plus(settings.rewriteAfter()) + " or later, it becomes the new baseline (a major "
        + "rewrite)", false);
    ws.publish(failed);
    return ws.result(new Outcome.ExtractionFailed(failed));
  }

  /** True when {@code version} shows the pending shape: read with the same rules, the same or nearly the same text. */
  private boolean sameShape(PendingShape p, String pendingText, Version version) {
    return p.normalizerVersion().equals(version.normalizerVersion())
        && Objects.equals(p.rulesDigest(), version.declarationDigest())
        && (p.textDigest().equals(version.textDigest())
            || VersionDiffer.similarity(pendingText, version.text()) >= SAME_SHAPE);
  }

  /**
   * The pending shape becomes the new baseline: a {@code changed} event flagged major-rewrite, dated at the shape's
   * first capture and diffed against {@code base}. When the confirming capture's text moved on from the pending one,
   * it follows as an ordinary change of the new baseline.
   *
   * @param version the confirming capture's version; null when time alone confirmed a live page
   */
  private Detection acceptRewrite(Workspace ws, Version base, PendingShape p, String pendingText, Version version,
      Snapshot snapshot, Instant confirmedAt, DocumentHistory known, IgnoreRules ignore) {
    Version accepted = p.version(base.key(), pendingText);
    Change rewrite = changes.majorRewrite(base, accepted, confirmedAt, p.captures() + (version == null ? 0 : 1));
    ws.putLatest(accepted);
    ws.putText(accepted.textDigest(), accepted.text());
    ws.saveHistory(known, known.withPending(null).with(entryOf(accepted, rewrite), settings.historyLimit()));
    ws.publish(accepted);
    ws.publish(rewrite);
    List<Change> out = new ArrayList<>(List.of(rewrite));
    if (version != null && !version.textDigest().equals(accepted.textDigest())) {
      Change next = changes.compared(accepted, version, false, Optional.empty(), ignore);
      store(ws, snapshot, version, next, ws.history());
      out.add(next);
    } else if (snapshot != null && snapshot.digest().equals(accepted.snapshotDigest())) {
      // Otherwise the latest snapshot store keeps bytes of another text: new rules then cannot re-read the version.
      ws.putLatestSnapshot(snapshot);
    }
    return ws.result(new Outcome.MajorRewrite(out, version == null));
  }

  /**
   * Accepts a live document's pending shape by time alone: the fetcher publishes nothing while a page's bytes stay
   * the same, so a page that kept its new shape gives no second capture. Empty when the document has no pending
   * live shape noticed {@link DetectionSettings#rewriteAfter} or more ago.
   */
  public Optional<Detection> confirmPending(DocumentState state) {
    Workspace ws = new Workspace(state);
    DocumentHistory known = ws.history();
    PendingShape p = known.pending();
    Version current = ws.latest();
    if (p == null || current == null || p.source() != SnapshotSource.LIVE || p.noticedAt() == null) {
      return Optional.empty();
    }
    Instant now = changes.now();
    String text = ws.text(p.textDigest());
    if (text == null || Duration.between(p.noticedAt(), now).compareTo(settings.rewriteAfter()) < 0) {
      return Optional.empty();
    }
    return Optional.of(acceptRewrite(ws, current, p, text, null, null, now, known, IgnoreRules.NONE));
  }

  /**
   * The new capture says what the previous version said, read with new rules: one technical-upgrade event (never
   * alerted) when the text moved, else the new rules are recorded silently.
   */
  private Detection upgradeInPlace(Workspace ws, Snapshot snapshot, Version current, Version version,
      DocumentHistory known) {
    if (version.textDigest().equals(current.textDigest())) {
      ws.putLatest(version);
      ws.putLatestSnapshot(snapshot);
      DocumentHistory settled = known.pending() == null ? known : known.withPending(null);
      ws.saveHistory(known, settled);
      settled.bySnapshotDigest(current.snapshotDigest()).ifPresent(e -> ws.putHistory(settled.replacing(e,
          e.withText(e.textDigest(), version.normalizerVersion(), version.declarationDigest()))));
      return ws.result(new Outcome.Nothing("new rules, the same text", VersionResult.UNCHANGED));
    }
    Optional<String> problem = health.problem(snapshot, version.text(), current.text());
    if (problem.isPresent()) {
      return fail(ws, snapshot, problem.get(), known, false);
    }
    Change upgrade = changes.technicalUpgrade(current, version,
        why(current.normalizerVersion(), current.declarationDigest(), version));
    store(ws, snapshot, version, upgrade, known);
    return ws.result(new Outcome.TechnicalUpgrade(upgrade, false));
  }

  /** A capture older than the latest version: placed in history, compared with its neighbours, never live. */
  private Detection historical(Workspace ws, Capture capture) {
    Snapshot snapshot = capture.snapshot();
    DocumentHistory known = ws.history();
    if (known.bySnapshotDigest(snapshot.digest()).isPresent()
        || snapshot.digest().equals(known.lastFailedDigest())) {
      return ws.result(new Outcome.Nothing("a known historical capture", VersionResult.UNCHANGED));
    }
    String key = snapshot.key().toString();
    Optional<VersionEntry> before = known.before(snapshot.capturedAt());
    Optional<VersionEntry> after = known.after(snapshot.capturedAt());
    String beforeText = before.map(e -> ws.text(e.textDigest())).orElse(null);
    DocumentDeclaration declaration = capture.declarationAt(snapshot.capturedAt(), snapshot.url());
    Extracted x = extract(snapshot, declaration);
    Optional<String> problem = x.error() != null ? Optional.of(x.error())
        : health.problem(snapshot, x.text(), beforeText);
    if (problem.isPresent()) {
      return fail(ws, snapshot, problem.get(), known, true);
    }
    Version version = versionOf(snapshot, x, declaration);
    boolean sameAsBefore = before.map(e -> e.textDigest().equals(version.textDigest())).orElse(false);
    boolean sameAsAfter = after.map(e -> e.textDigest().equals(version.textDigest())).orElse(false);
    if (sameAsBefore || sameAsAfter) {
      return ws.result(new Outcome.Nothing("the text of a neighbouring version", VersionResult.UNCHANGED));
    }
    List<Change> emitted = new ArrayList<>();
    emitted.add(beforeText == null ? changes.historicalFirst(version)
        : changes.compared(versionOf(key, before.get(), beforeText, snapshot), version, true, Optional.empty(),
            capture.ignoreRules()));
    ws.putText(version.textDigest(), version.text());
    ws.saveHistory(known, known.with(entryOf(version, emitted.get(0)), settings.historyLimit()));
    String afterText = after.map(e -> ws.text(e.textDigest())).orElse(null);
    if (afterText != null) {
      emitted.add(changes.compared(version, versionOf(key, after.get(), afterText, snapshot), true,
          Optional.empty(), capture.ignoreRules()));
    }
    emitted.forEach(ws::publish);
    return ws.result(new Outcome.Historical(emitted));
  }

  /** A snapshot from {@code policy-reprocess}: re-derive a known version; emit only technical upgrades. */
  private Detection reprocess(Workspace ws, Capture capture) {
    Snapshot snapshot = capture.snapshot();
    DocumentHistory known = ws.history();
    Optional<VersionEntry> entry = known.bySnapshotDigest(snapshot.digest());
    if (entry.isEmpty()) {
      return ws.result(new Outcome.Nothing("reprocess: no known version comes from this snapshot", null));
    }
    VersionEntry e = entry.get();
    DocumentDeclaration declaration = capture.declarationAt(snapshot.capturedAt(), snapshot.url());
    Extracted x = extract(snapshot, declaration);
    String oldText = ws.text(e.textDigest());
    Optional<String> problem = x.error() != null ? Optional.of(x.error())
        : health.problem(snapshot, x.text(), oldText);
    if (problem.isPresent()) {
      LOG.warn("vendor={} document={} reprocess: snapshot {} kept its version: {}", snapshot.vendor(),
          snapshot.document(), snapshot.digest(), problem.get());
      return ws.result(new Outcome.Nothing("reprocess: kept the version: " + problem.get(), null));
    }
    Version after = new Version(snapshot.key().toString(), x.text(), null, extractor.version(), e.capturedAt(),
        e.snapshotDigest(), snapshot.url(), snapshot.source(), declaration.rulesDigest(), x.language(),
        snapshot.rendered());
    if (after.textDigest().equals(e.textDigest())) {
      if (!after.normalizerVersion().equals(e.normalizerVersion())
          || !Objects.equals(after.declarationDigest(), e.rulesDigest())) {
        ws.putHistory(known.replacing(e, e.withText(e.textDigest(), after.normalizerVersion(),
            after.declarationDigest())));
      }
      return ws.result(new Outcome.Nothing("reprocess: the same text", null));
    }
    Version before = versionOf(snapshot.key().toString(), e, oldText == null ? "" : oldText, snapshot);
    Change change = changes.technicalUpgrade(before, after, why(e.normalizerVersion(), e.rulesDigest(), after));
    replaceVersion(ws, known, e, after, change);
    return ws.result(new Outcome.TechnicalUpgrade(change, true));
  }

  /** The latest version's snapshot read with {@code declaration} and today's normalizer; empty when impossible. */
  private Optional<Version> rederive(Workspace ws, Version current, DocumentDeclaration declaration) {
    Snapshot previous = ws.latestSnapshot();
    if (previous == null || !previous.digest().equals(current.snapshotDigest())) {
      return Optional.empty();
    }
    Extracted x = extract(previous, declaration);
    if (x.error() != null || health.problem(previous, x.text(), current.text()).isPresent()) {
      LOG.info("vendor={} document={} the latest version cannot be re-derived with the new rules: {}",
          previous.vendor(), previous.document(), x.error() != null ? x.error() : "text failed the health check");
      return Optional.empty();
    }
    return Optional.of(new Version(current.key(), x.text(), null, extractor.version(), current.capturedAt(),
        current.snapshotDigest(), current.url(), current.source(), declaration.rulesDigest(), x.language()));
  }

  /** True when the new snapshot, read with the rules of the previous version, gives the previous text. */
  private boolean sameTextUnderPreviousRules(Capture capture, Version current) {
    if (!extractor.version().equals(current.normalizerVersion())) {
      return false;
    }
    DocumentDeclaration old = capture.declarationAt(current.capturedAt(), current.url());
    if (!Objects.equals(old.rulesDigest(), current.declarationDigest())) {
      return false;
    }
    Extracted x = extract(capture.snapshot(), old);
    return x.error() == null && Digests.sha1Base32(x.text()).equals(current.textDigest());
  }

  /** Replaces a kept version's text by its re-derivation, and the latest version when it is that one. */
  private static void replaceVersion(Workspace ws, DocumentHistory known, VersionEntry old, Version after,
      Change change) {
    ws.putText(after.textDigest(), after.text());
    ws.saveHistory(known, known.replacing(old,
        old.withText(after.textDigest(), after.normalizerVersion(), after.declarationDigest())));
    Version current = ws.latest();
    if (current != null && current.capturedAt().equals(old.capturedAt())
        && Objects.equals(current.snapshotDigest(), old.snapshotDigest())) {
      ws.putLatest(after);
      ws.publish(after);
    }
    ws.publish(change);
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

  /** A new latest version: kept, published, and followed by its change event; a pending shape is dropped. */
  private void store(Workspace ws, Snapshot snapshot, Version version, Change change, DocumentHistory known) {
    ws.putLatest(version);
    ws.putLatestSnapshot(snapshot);
    ws.putText(version.textDigest(), version.text());
    ws.saveHistory(known, known.withPending(null).with(entryOf(version, change), settings.historyLimit()));
    ws.publish(version);
    ws.publish(change);
  }

  private Detection fail(Workspace ws, Snapshot snapshot, String why, DocumentHistory known, boolean historical) {
    ws.putHistory(known.withFailed(snapshot.digest()));
    Change failed = changes.failed(snapshot, why, historical);
    ws.publish(failed);
    return ws.result(new Outcome.ExtractionFailed(failed));
  }

  private static Outcome outcomeOf(Change change) {
    switch (change.kind()) {
      case COSMETIC: return new Outcome.Cosmetic(change);
      case REVERTED: return new Outcome.Reverted(change);
      case TECHNICAL_UPGRADE: return new Outcome.TechnicalUpgrade(change, false);
      default: return new Outcome.Changed(change);
    }
  }

  /** True when {@code declaration} or the normalizer differ from the ones that produced {@code v}. */
  private boolean rulesChanged(Version v, DocumentDeclaration declaration) {
    return !extractor.version().equals(v.normalizerVersion())
        || !Objects.equals(declaration.rulesDigest(), v.declarationDigest());
  }

  private Extracted extract(Snapshot snapshot, DocumentDeclaration declaration) {
    return extract(extractor.reading(snapshot), declaration);
  }

  private Extracted extract(Reading reading, DocumentDeclaration declaration) {
    try {
      Extraction x = reading.read(declaration);
      return new Extracted(x.text(), x.language(), null);
    } catch (Exception e) {
      return new Extracted(null, null,
          "cannot normalize: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private Version versionOf(Snapshot snapshot, Extracted x, DocumentDeclaration declaration) {
    return new Version(snapshot.key().toString(), x.text(), null, extractor.version(), snapshot.capturedAt(),
        snapshot.digest(), snapshot.url(), snapshot.source(), declaration.rulesDigest(), x.language(),
        snapshot.rendered());
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

  private record Extracted(String text, String language, String error) {}
}
