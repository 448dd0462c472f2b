package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An extra fact about a change, written on the wire in lower case ({@code "undisclosed"}). */
public enum ChangeFlag {
  /** The text changed substantively while the policy's own "last updated" date stayed the same. */
  UNDISCLOSED,
  /** A capture older than the latest version (a late Wayback capture): placed in history, never live. */
  HISTORICAL,
  /** The text went back to a version replaced shortly before (A, B, A). */
  REVERTED,
  /** A historical change that only touched case, punctuation, whitespace, link query strings or the stated date. */
  COSMETIC,
  /** New rules met a new page layout: the difference cannot be split between rules and page, so not alerted. */
  UNVERIFIED,
  /**
   * The document took a new, much shorter shape that persisted (not a broken capture): accepted as the new baseline
   * and diffed against the old one; the change's {@code rewrite} gives the old and new size.
   */
  MAJOR_REWRITE,
  /**
   * Generic extraction (no selectors) read the same policy in a new page container: only boilerplate lines at the
   * edges of the text changed. Recorded as a technical upgrade, never alerted.
   */
  LAYOUT,
  /**
   * Every changed sentence matches one of the document's ignore rules (a rotating "last reviewed by" line, a
   * counter): recorded as {@code cosmetic}, never alerted.
   */
  IGNORED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The flag of a wire name; an unknown name is an {@link IllegalArgumentException} naming it. */
  @JsonCreator
  public static ChangeFlag fromWire(String wire) {
    try {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown change flag: " + wire, e);
    }
  }
}
