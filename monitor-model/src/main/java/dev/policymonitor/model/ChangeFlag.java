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
  /** A historical change that only touched case, punctuation, whitespace, link query strings or dates. */
  COSMETIC,
  /** New rules met a new page layout: the difference cannot be split between rules and page, so not alerted. */
  UNVERIFIED;

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
