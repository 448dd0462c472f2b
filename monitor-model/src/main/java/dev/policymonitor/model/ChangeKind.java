package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a change event says about the new version. */
public enum ChangeKind {
  /** The first version seen of a document. */
  FIRST,
  /** The policy text changed. */
  CHANGED,
  /** Only case, punctuation, whitespace, link query strings or the policy's stated date changed: recorded, low. */
  COSMETIC,
  /** The text differs only because the normalizer or the declaration changed: never alerts. */
  TECHNICAL_UPGRADE,
  /** The text went back to a version seen shortly before (A, B, A). */
  REVERTED,
  /** A capture older than the latest known version, placed in history: flagged, not alerted live. */
  HISTORICAL,
  /** The snapshot could not be turned into a trustworthy version (empty, shell page, selector missed). */
  EXTRACTION_FAILED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static ChangeKind fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
