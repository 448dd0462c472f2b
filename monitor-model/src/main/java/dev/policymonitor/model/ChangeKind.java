package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

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

  /**
   * The kinds that reach people by default: real text changes and broken extraction. Alert routes without
   * {@code kinds} and the Atom feeds without {@code ?kinds=} take these; a newly tracked document ({@link #FIRST}),
   * history ({@link #HISTORICAL}) and normalizer upgrades ({@link #TECHNICAL_UPGRADE}) are asked for by name.
   */
  public static final Set<ChangeKind> NOTIFIED_BY_DEFAULT = Set.of(CHANGED, COSMETIC, REVERTED, EXTRACTION_FAILED);

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static ChangeKind fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
