package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import java.util.List;
import java.util.Optional;

/** What change detection decided about one capture: the kind of change, or nothing. */
public sealed interface Outcome {

  /** The result counted in {@code policy.versions}; empty when the capture is not counted (reprocessing). */
  Optional<VersionResult> counted();

  /** The first good version of a document. */
  record First(Change change) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.FIRST);
    }
  }

  /** The text changed (classified; maybe flagged undisclosed). */
  record Changed(Change change) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.CHANGED);
    }
  }

  /** Only case, punctuation, whitespace, link query strings or the policy's stated date changed. */
  record Cosmetic(Change change) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.CHANGED);
    }
  }

  /** The text went back to a version replaced less than the revert window before. */
  record Reverted(Change change) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.CHANGED);
    }
  }

  /**
   * The text differs because the normalizer or the extraction rules changed (maybe flagged unverified).
   *
   * @param reprocessed true when it came from {@code policy-reprocess} (not counted as a version)
   */
  record TechnicalUpgrade(Change change, boolean reprocessed) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return reprocessed ? Optional.empty() : Optional.of(VersionResult.CHANGED);
    }
  }

  /**
   * A much shorter shape of the document persisted and became the new baseline: its {@code changed} event (flagged
   * major-rewrite), then, when the confirming capture's text moved on, that capture's own change.
   *
   * @param timed true when time alone confirmed it (a live page whose bytes did not change again): no capture counted
   */
  record MajorRewrite(List<Change> changes, boolean timed) implements Outcome {
    public MajorRewrite {
      changes = List.copyOf(changes);
    }

    @Override
    public Optional<VersionResult> counted() {
      return timed ? Optional.empty() : Optional.of(VersionResult.CHANGED);
    }
  }

  /** A capture older than the latest version, compared with its neighbours in history (one or two changes). */
  record Historical(List<Change> changes) implements Outcome {
    public Historical {
      changes = List.copyOf(changes);
    }

    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.CHANGED);
    }
  }

  /** The capture could not be turned into a trustworthy version; the latest version stays the last good one. */
  record ExtractionFailed(Change change) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.of(VersionResult.FAILED);
    }
  }

  /**
   * No change event: a duplicate, the same text, a known broken snapshot, or a reprocessed snapshot that re-derives
   * to the same text.
   *
   * @param why in words, for the debug log
   * @param result what is counted in {@code policy.versions}; null for nothing
   */
  record Nothing(String why, VersionResult result) implements Outcome {
    @Override
    public Optional<VersionResult> counted() {
      return Optional.ofNullable(result);
    }
  }
}
