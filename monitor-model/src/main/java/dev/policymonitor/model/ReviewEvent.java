package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a review's append-only trail: who did what to the review of a change, and when.
 *
 * @param seq position in the trail, from 1: a consumer that saw {@code n} events of a review has seen every
 *     event whose {@code seq} is at most {@code n}
 * @param by the principal that did it, as the web server authenticated it (a token's name, a single sign-on
 *     user's e-mail or subject, {@code local} on an open server)
 * @param state the new state, for {@link Type#STATE} only
 * @param assignee the new assignee, for {@link Type#ASSIGNMENT} only; absent when the change was unassigned
 * @param note the text of a {@link Type#NOTE}: plain text, untrusted (escape it to render it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewEvent(int seq, Instant at, String by, Type type, ReviewState state, String assignee,
    String note) {

  /** What an event records. */
  public enum Type {
    /** The review state changed. */
    STATE,
    /** The change was assigned to someone, or unassigned. */
    ASSIGNMENT,
    /** A note was added. */
    NOTE;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Type fromWire(String wire) {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
  }

  public ReviewEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(type, "type");
    if (type == Type.STATE && state == null) {
      throw new IllegalArgumentException("a state event names the new state");
    }
    if (type == Type.NOTE && note == null) {
      throw new IllegalArgumentException("a note event has a note");
    }
  }

  public static ReviewEvent state(Instant at, String by, ReviewState state) {
    return new ReviewEvent(0, at, by, Type.STATE, state, null, null);
  }

  /** @param assignee null unassigns */
  public static ReviewEvent assignment(Instant at, String by, String assignee) {
    return new ReviewEvent(0, at, by, Type.ASSIGNMENT, null, assignee, null);
  }

  public static ReviewEvent note(Instant at, String by, String note) {
    return new ReviewEvent(0, at, by, Type.NOTE, null, null, note);
  }

  /** The same event at position {@code position} of a trail. */
  ReviewEvent numbered(int position) {
    return new ReviewEvent(position, at, by, type, state, assignee, note);
  }
}
