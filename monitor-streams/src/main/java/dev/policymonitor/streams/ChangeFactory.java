package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeCounts;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.IgnoreRules;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Rewrite;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.classify.Classification;
import dev.policymonitor.streams.diff.Cosmetic;
import dev.policymonitor.streams.diff.Dates;
import dev.policymonitor.streams.diff.TextDiff;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the change events of each kind from two versions: diff, classification, severity, reasons, flags. Rules
 * about the words themselves (cosmetic edits, the policy's own date, per-language date formats) belong here.
 */
public final class ChangeFactory {
  private final VersionDiffer differ;
  private final ChangeClassifier classifier;
  private final Clock clock;
  private final Layout layout;

  public ChangeFactory(VersionDiffer differ, ChangeClassifier classifier, Clock clock) {
    this.differ = differ;
    this.classifier = classifier;
    this.clock = clock;
    this.layout = new Layout(classifier);
  }

  Change first(Version v) {
    return build(ChangeKind.FIRST, null, v, TextDiff.NONE, Severity.LOW, List.of(), List.of("first version"),
        List.of());
  }

  /** The first version known after a capture older than the kept history arrived. */
  Change historicalFirst(Version v) {
    return build(ChangeKind.HISTORICAL, null, v, TextDiff.NONE, Severity.LOW, List.of(),
        List.of("earliest known version (a capture older than every kept version)"), List.of(ChangeFlag.HISTORICAL));
  }

  /** Same snapshot, text changed only because the normalizer or the extraction rules changed: never alerts. */
  Change technicalUpgrade(Version before, Version after, String why) {
    TextDiff diff = before.text().isEmpty() ? TextDiff.NONE : diff(before, after);
    return build(ChangeKind.TECHNICAL_UPGRADE, before, after, diff, Severity.LOW, List.of(),
        List.of("technical upgrade: " + why), List.of());
  }

  /**
   * The rules changed together with the page and neither version can be read with the other's rules, so the
   * difference cannot be split between the two. Not alerted (flag {@code unverified}); the diff is kept for review.
   */
  Change unverifiedUpgrade(Version before, Version after, String why) {
    TextDiff diff = diff(before, after);
    Classification c = classifier.classify(diff);
    List<String> reasons = new ArrayList<>();
    reasons.add("technical upgrade (unverified): " + why + " while the page changed, and neither capture could be "
        + "read with the other's rules; no high-severity practice changed, so this is not alerted");
    reasons.addAll(c.reasons());
    return build(ChangeKind.TECHNICAL_UPGRADE, before, after, diff, Severity.LOW, c.categories(), reasons,
        List.of(ChangeFlag.UNVERIFIED));
  }

  /**
   * The text went back to {@code restored}'s after the version {@code undone} replaced it; an ignored change (see
   * {@link #compared}) when the document's ignore rules cover every sentence of it.
   */
  Change reverted(Version before, Version after, VersionEntry restored, VersionEntry undone, IgnoreRules ignore) {
    TextDiff diff = diff(before, after);
    Duration lived = Duration.between(undone.capturedAt(), after.capturedAt());
    String reason = "reverted: back to the text captured at " + restored.capturedAt() + "; the change captured at "
        + undone.capturedAt() + (undone.changeId() == null ? "" : " (change " + undone.changeId() + ")")
        + " was undone after " + human(lived);
    Optional<IgnoreRules.Silenced> silenced = ignore.silencing(diff.added(), diff.removed(), diff.modified(),
        diff.moved());
    if (silenced.isPresent()) {
      return ignored(before, after, diff, silenced.get(), false, List.of(reason), List.of(ChangeFlag.REVERTED));
    }
    Classification c = classifier.classify(diff);
    return build(ChangeKind.REVERTED, before, after, diff, Severity.LOW, c.categories(), List.of(reason),
        List.of(ChangeFlag.REVERTED));
  }

  /**
   * A change between two versions: <b>ignored</b> when every sentence it touches matches one of the document's
   * {@code ignore} rules (kind {@code cosmetic}, flag {@code ignored}, low severity, no categories: recorded, never
   * alerted); {@code cosmetic} when only case, punctuation, whitespace, link query
   * strings or the policy's stated date differ; else
   * {@code changed}, classified; {@code historical} (flagged) when {@code historical} is set. A substantive change
   * under an unchanged stated date is flagged {@code undisclosed}.
   */
  Change compared(Version before, Version after, boolean historical, Optional<String> note, IgnoreRules ignore) {
    TextDiff diff = diff(before, after);
    List<ChangeFlag> flags = new ArrayList<>();
    if (historical) {
      flags.add(ChangeFlag.HISTORICAL);
    }
    List<String> notes = note.map(List::of).orElse(List.of());
    Optional<IgnoreRules.Silenced> silenced = ignore.silencing(diff.added(), diff.removed(), diff.modified(),
        diff.moved());
    if (silenced.isPresent()) {
      return ignored(before, after, diff, silenced.get(), historical, notes, List.of());
    }
    if (diff.isEmpty() || Cosmetic.equivalent(before.text(), after.text())) {
      List<String> reasons = new ArrayList<>(notes);
      reasons.add(0, "cosmetic: only case, punctuation, whitespace, link query strings or the policy's stated date "
          + "changed");
      if (historical) {
        flags.add(ChangeFlag.COSMETIC);
      }
      return build(historical ? ChangeKind.HISTORICAL : ChangeKind.COSMETIC, before, after, diff, Severity.LOW,
          List.of(), reasons, flags);
    }
    Classification c = classifier.classify(diff);
    List<String> reasons = new ArrayList<>(c.reasons());
    reasons.addAll(notes);
    undisclosed(before, after, diff, flags, reasons);
    return build(historical ? ChangeKind.HISTORICAL : ChangeKind.CHANGED, before, after, diff, c.severity(),
        c.categories(), reasons, flags);
  }

  /**
   * A much shorter text that persisted, accepted as the new baseline: {@code changed}, flagged
   * {@code major-rewrite}, at least medium severity, diffed against the old baseline so readers see what went, with
   * both sizes in the event ({@link Rewrite}) and in its first reason.
   *
   * @param confirmedAt the capture (or the monitor's time) that confirmed the new shape
   * @param captures how many captures showed the new shape
   */
  Change majorRewrite(Version before, Version after, Instant confirmedAt, int captures) {
    TextDiff diff = diff(before, after);
    Classification c = classifier.classify(diff);
    Rewrite rewrite = new Rewrite(before.text().strip().length(), after.text().strip().length(), confirmedAt);
    List<String> reasons = new ArrayList<>();
    reasons.add(String.format(Locale.ROOT, "major rewrite: the text went from %d to %d characters (%+d%%) and kept "
        + "that shape from %s to %s (%d %s), so it is the new baseline; compared with the version captured at %s",
        rewrite.previousLength(), rewrite.length(), rewrite.percent(), after.capturedAt(), confirmedAt, captures,
        captures == 1 ? "capture" : "captures", before.capturedAt()));
    reasons.addAll(c.reasons());
    List<ChangeFlag> flags = new ArrayList<>(List.of(ChangeFlag.MAJOR_REWRITE));
    undisclosed(before, after, diff, flags, reasons);
    Severity severity = c.severity().atLeast(Severity.MEDIUM) ? c.severity() : Severity.MEDIUM;
    Change change = build(ChangeKind.CHANGED, before, after, diff, severity, c.categories(), reasons, flags);
    return withRewrite(change, rewrite);
  }

  /**
   * When generic extraction read the same policy in a new page container ({@link Layout}): a technical upgrade
   * flagged {@code layout}, low, never alerted, with the diff (the boilerplate lines). Empty when the policy's text
   * itself changed.
   */
  Optional<Change> layout(Version before, Version after) {
    return layout.sameTextNewContainer(before.text(), after.text()).map(edges -> {
      String reason = "layout: generic extraction (no selectors) read the same policy in a new page container; "
          + "only " + edges.describe() + " at the edges of the text changed, every sentence of the policy is the same";
      return build(ChangeKind.TECHNICAL_UPGRADE, before, after, diff(before, after), Severity.LOW, List.of(),
          List.of(reason), List.of(ChangeFlag.LAYOUT));
    });
  }

  private static void undisclosed(Version before, Version after, TextDiff diff, List<ChangeFlag> flags,
      List<String> reasons) {
    Optional<String> statedBefore = Dates.stated(before.text());
    if (!diff.onlyMoves() && statedBefore.isPresent() && statedBefore.equals(Dates.stated(after.text()))) {
      flags.add(ChangeFlag.UNDISCLOSED);
      reasons.add("undisclosed: the policy's own date (" + statedBefore.get() + ") did not change");
    }
  }

  /** The clock that stamps {@code detectedAt}: also when a pending shape was first noticed. */
  Instant now() {
    return clock.instant();
  }

  /** Every changed sentence matches an ignore rule: {@code cosmetic} (or {@code historical}), flag {@code ignored}. */
  private Change ignored(Version before, Version after, TextDiff diff, IgnoreRules.Silenced silenced,
      boolean historical, List<String> notes, List<ChangeFlag> extraFlags) {
    List<String> reasons = new ArrayList<>();
    reasons.add(silenced.reason());
    reasons.addAll(notes);
    List<ChangeFlag> flags = new ArrayList<>();
    if (historical) {
      flags.add(ChangeFlag.HISTORICAL);
    }
    flags.addAll(extraFlags);
    flags.add(ChangeFlag.IGNORED);
    return build(historical ? ChangeKind.HISTORICAL : ChangeKind.COSMETIC, before, after, diff, Severity.LOW,
        List.of(), reasons, flags);
  }

  Change failed(Snapshot s, String why, boolean historical) {
    String key = s.key().toString();
    return new Change(Change.idFor(key, "extraction-failed", s.digest(), s.capturedAt()), key, s.vendor(),
        s.document(), ChangeKind.EXTRACTION_FAILED, null, s.capturedAt(), null, s.digest(), List.of(), List.of(),
        List.of(), List.of(), ChangeCounts.NONE, Severity.MEDIUM, List.of(),
        List.of("extraction failed: " + why), historical ? List.of(ChangeFlag.HISTORICAL) : List.of(), s.url(),
        s.source(),
        clock.instant());
  }

  private Change build(ChangeKind kind, Version before, Version after, TextDiff diff, Severity severity,
      List<String> categories, List<String> reasons, List<ChangeFlag> flags) {
    PolicyKey key = PolicyKey.parse(after.key());
    String previousDigest = before == null ? null : before.textDigest();
    return new Change(Change.idFor(after.key(), previousDigest, after.textDigest(), after.capturedAt()),
        after.key(), key.vendor(), key.document(), kind, before == null ? null : before.capturedAt(),
        after.capturedAt(), previousDigest, after.textDigest(), diff.added(), diff.removed(), diff.modified(),
        diff.moved(), null, severity, categories, reasons, flags, after.url(), after.source(), clock.instant(),
        languageOf(before, after), null);
  }

  private static Change withRewrite(Change c, Rewrite rewrite) {
    return new Change(c.changeId(), c.key(), c.vendor(), c.document(), c.kind(), c.previousCapturedAt(),
        c.capturedAt(), c.previousDigest(), c.digest(), c.added(), c.removed(), c.modified(), c.moved(), c.counts(),
        c.severity(), c.categories(), c.reasons(), c.flags(), c.url(), c.source(), c.detectedAt(), c.language(),
        rewrite);
  }

  /** The diff of two versions, split into sentences by the rules of their language. */
  private TextDiff diff(Version before, Version after) {
    return differ.diff(before.text(), after.text(), languageOf(before, after));
  }

  /** The new version's language, else the previous one's (a version written before languages were kept). */
  private static String languageOf(Version before, Version after) {
    if (after.language() != null || before == null) {
      return after.language();
    }
    return before.language();
  }

  private static String human(Duration d) {
    if (d.toDays() >= 1) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toHours() >= 1) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return Math.max(0, d.toMinutes()) + " minutes";
  }
}
