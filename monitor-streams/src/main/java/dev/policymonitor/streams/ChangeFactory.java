package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeCounts;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.PolicyKey;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the change events of each kind from two versions: diff, classification, severity, reasons, flags. Rules
 * about the words themselves (cosmetic edits, the policy's own date, per-language date formats) belong here.
 */
public final class ChangeFactory {
  private final VersionDiffer differ;
  private final ChangeClassifier classifier;
  private final Clock clock;

  public ChangeFactory(VersionDiffer differ, ChangeClassifier classifier, Clock clock) {
    this.differ = differ;
    this.classifier = classifier;
    this.clock = clock;
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
    TextDiff diff = before.text().isEmpty() ? TextDiff.NONE : differ.diff(before.text(), after.text());
    return build(ChangeKind.TECHNICAL_UPGRADE, before, after, diff, Severity.LOW, List.of(),
        List.of("technical upgrade: " + why), List.of());
  }

  /**
   * The rules changed together with the page and neither version can be read with the other's rules, so the
   * difference cannot be split between the two. Not alerted (flag {@code unverified}); the diff is kept for review.
   */
  Change unverifiedUpgrade(Version before, Version after, String why) {
    TextDiff diff = differ.diff(before.text(), after.text());
    Classification c = classifier.classify(diff);
    List<String> reasons = new ArrayList<>();
    reasons.add("technical upgrade (unverified): " + why + " while the page changed, and neither capture could be "
        + "read with the other's rules; no high-severity practice changed, so this is not alerted");
    reasons.addAll(c.reasons());
    return build(ChangeKind.TECHNICAL_UPGRADE, before, after, diff, Severity.LOW, c.categories(), reasons,
        List.of(ChangeFlag.UNVERIFIED));
  }

  /** The text went back to {@code restored}'s after the version {@code undone} replaced it. */
  Change reverted(Version before, Version after, VersionEntry restored, VersionEntry undone) {
    TextDiff diff = differ.diff(before.text(), after.text());
    Classification c = classifier.classify(diff);
    Duration lived = Duration.between(undone.capturedAt(), after.capturedAt());
    String reason = "reverted: back to the text captured at " + restored.capturedAt() + "; the change captured at "
        + undone.capturedAt() + (undone.changeId() == null ? "" : " (change " + undone.changeId() + ")")
        + " was undone after " + human(lived);
    return build(ChangeKind.REVERTED, before, after, diff, Severity.LOW, c.categories(), List.of(reason),
        List.of(ChangeFlag.REVERTED));
  }

  /**
   * A change between two versions: {@code cosmetic} when only case, punctuation, whitespace, link query
   * strings or dates differ; else {@code changed}, classified; {@code historical} (flagged) when
   * {@code historical} is set. A substantive change under an unchanged "last updated" date is flagged
   * {@code undisclosed}.
   */
  Change compared(Version before, Version after, boolean historical, Optional<String> note) {
    TextDiff diff = differ.diff(before.text(), after.text());
    List<ChangeFlag> flags = new ArrayList<>();
    if (historical) {
      flags.add(ChangeFlag.HISTORICAL);
    }
    List<String> notes = note.map(List::of).orElse(List.of());
    if (diff.isEmpty() || Cosmetic.equivalent(before.text(), after.text())) {
      List<String> reasons = new ArrayList<>(notes);
      reasons.add(0, "cosmetic: only case, punctuation, whitespace, link query strings or dates changed");
      if (historical) {
        flags.add(ChangeFlag.COSMETIC);
      }
      return build(historical ? ChangeKind.HISTORICAL : ChangeKind.COSMETIC, before, after, diff, Severity.LOW,
          List.of(), reasons, flags);
    }
    Classification c = classifier.classify(diff);
    List<String> reasons = new ArrayList<>(c.reasons());
    reasons.addAll(notes);
    Optional<String> statedBefore = Dates.stated(before.text());
    if (!diff.onlyMoves() && statedBefore.isPresent() && statedBefore.equals(Dates.stated(after.text()))) {
      flags.add(ChangeFlag.UNDISCLOSED);
      reasons.add("undisclosed: the policy's own date (" + statedBefore.get() + ") did not change");
    }
    return build(historical ? ChangeKind.HISTORICAL : ChangeKind.CHANGED, before, after, diff, c.severity(),
        c.categories(), reasons, flags);
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
        diff.moved(), null, severity, categories, reasons, flags, after.url(), after.source(), clock.instant());
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
