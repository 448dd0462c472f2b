package dev.policymonitor.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The size of a major rewrite: a new shape of a document (much shorter than its last version) that persisted and
 * was accepted as the new baseline ({@link ChangeFlag#MAJOR_REWRITE}).
 *
 * @param previousLength characters of the previous version's text
 * @param length characters of the new version's text
 * @param confirmedAt capture time of the capture that confirmed the new shape (or, for a live page whose bytes did
 *     not change again, when the monitor accepted it); the change's {@code capturedAt} is the first capture of it
 */
public record Rewrite(int previousLength, int length, Instant confirmedAt) {
  public Rewrite {
    Objects.requireNonNull(confirmedAt, "confirmedAt");
  }

  /** The size change in percent of the previous length, rounded: {@code -59} for 9485 -> 3886 characters. */
  public int percent() {
    return previousLength == 0 ? 0 : (int) Math.round((length - previousLength) * 100.0 / previousLength);
  }
}
