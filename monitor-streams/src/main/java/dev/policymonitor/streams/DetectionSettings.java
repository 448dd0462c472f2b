package dev.policymonitor.streams;

import dev.policymonitor.streams.classify.ClassificationRules;
import java.time.Duration;
import java.util.Objects;

/**
 * How the change detector judges versions.
 *
 * @param revertWindow a version that comes back within this time after it was replaced is a revert (A, B, A)
 * @param historyLimit versions kept per document (digests and texts), oldest dropped first
 * @param shrinkRatio a new text shorter than this fraction of the previous one is an extraction failure, until its
 *     shape persists for {@code rewriteAfter}
 * @param rules classification rules (bundled, or extended with a user's file)
 * @param targetWait how long a snapshot of a document {@code policy-targets} does not know yet waits for its target
 *     (the streams service reads that topic in parallel) before it is read with generic extraction
 * @param rewriteAfter a much shorter text (see {@code shrinkRatio}) becomes the new baseline, as a major rewrite, when
 *     a capture at least this long after its first capture still shows it, or, for a live page whose bytes did not
 *     change again, when the monitor has seen nothing else for this long. A day: longer than a broken deploy usually
 *     lasts, and several polls at the default six-hour interval; short enough that a real rewrite is shown the next
 *     day. See {@code docs/detection.md}.
 */
public record DetectionSettings(Duration revertWindow, int historyLimit, double shrinkRatio,
    ClassificationRules rules, Duration targetWait, Duration rewriteAfter) {
  public static final Duration DEFAULT_REVERT_WINDOW = Duration.ofDays(7);
  public static final int DEFAULT_HISTORY_LIMIT = 50;
  public static final double DEFAULT_SHRINK_RATIO = 0.5;
  public static final Duration DEFAULT_TARGET_WAIT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_REWRITE_AFTER = Duration.ofDays(1);

  public DetectionSettings {
    Objects.requireNonNull(revertWindow, "revertWindow");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(targetWait, "targetWait");
    Objects.requireNonNull(rewriteAfter, "rewriteAfter");
    if (historyLimit < 2) {
      throw new IllegalArgumentException("historyLimit must be at least 2: " + historyLimit);
    }
    if (rewriteAfter.isNegative()) {
      throw new IllegalArgumentException("rewriteAfter must not be negative: " + rewriteAfter);
    }
  }

  public static DetectionSettings defaults() {
    return new DetectionSettings(DEFAULT_REVERT_WINDOW, DEFAULT_HISTORY_LIMIT, DEFAULT_SHRINK_RATIO,
        ClassificationRules.bundled(), DEFAULT_TARGET_WAIT, DEFAULT_REWRITE_AFTER);
  }

  public DetectionSettings withRevertWindow(Duration window) {
    return new DetectionSettings(window, historyLimit, shrinkRatio, rules, targetWait, rewriteAfter);
  }

  public DetectionSettings withRules(ClassificationRules newRules) {
    return new DetectionSettings(revertWindow, historyLimit, shrinkRatio, newRules, targetWait, rewriteAfter);
  }

  public DetectionSettings withTargetWait(Duration wait) {
    return new DetectionSettings(revertWindow, historyLimit, shrinkRatio, rules, wait, rewriteAfter);
  }

  public DetectionSettings withRewriteAfter(Duration after) {
    return new DetectionSettings(revertWindow, historyLimit, shrinkRatio, rules, targetWait, after);
  }
}
