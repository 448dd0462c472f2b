package dev.policymonitor.streams;

import java.util.Locale;

/** What became of a snapshot, as counted in {@code policy.versions{result}}. */
public enum VersionResult {
  /** The first version of a document. */
  FIRST,
  /** A new version (changed, cosmetic, reverted, technical upgrade or historical). */
  CHANGED,
  /** Nothing new: the same bytes or the same text. */
  UNCHANGED,
  /** The snapshot could not be turned into a trustworthy version. */
  FAILED;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
