package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a change stands in its team's review: every change starts {@link #NEW}. */
public enum ReviewState {
  /** Nobody has looked at it yet (every change without a review). */
  NEW("new"),
  /** Someone is on it. */
  IN_REVIEW("in review"),
  /** Reviewed: nothing to do. */
  REVIEWED_NO_ACTION("reviewed, no action"),
  /** Reviewed: the change needs action (a contract, a DPIA, a vendor call...). */
  REVIEWED_ACTION_NEEDED("reviewed, action needed");

  private final String label;

  ReviewState(String label) {
    this.label = label;
  }

  /** True while the change still needs review: {@link #NEW} or {@link #IN_REVIEW}. */
  public boolean open() {
    return this == NEW || this == IN_REVIEW;
  }

  /** The words people read: {@code new}, {@code in review}, {@code reviewed, no action}, ... */
  public String label() {
    return label;
  }

  /** {@code new}, {@code in-review}, {@code reviewed-no-action}, {@code reviewed-action-needed}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming the four states */
  @JsonCreator
  public static ReviewState fromWire(String wire) {
    for (ReviewState s : values()) {
      if (s.wire().equals(wire == null ? null : wire.trim().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("a review state is new, in-review, reviewed-no-action or "
        + "reviewed-action-needed, not '" + wire + "'");
  }
}
