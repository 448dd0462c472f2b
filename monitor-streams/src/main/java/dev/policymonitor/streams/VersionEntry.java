package dev.policymonitor.streams;

import dev.policymonitor.model.ChangeKind;
import java.time.Instant;
import java.util.Objects;

/**
 * One known version of a document in its bounded history: enough to order captures by time, recognize
 * duplicates and reverts, and find the text (kept by digest in {@link PolicyTopology#VERSION_TEXT_STORE}).
 *
 * @param capturedAt captured-at of the snapshot the version comes from
 * @param snapshotDigest digest of that snapshot's bytes
 * @param textDigest digest of the normalized text
 * @param normalizerVersion normalizer rules that produced the text
 * @param rulesDigest digest of the document's extraction rules (declaration) used
 * @param changeId id of the change event that introduced this version
 * @param kind kind of that change event
 */
public record VersionEntry(Instant capturedAt, String snapshotDigest, String textDigest, String normalizerVersion,
    String rulesDigest, String changeId, ChangeKind kind) {
  public VersionEntry {
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(textDigest, "textDigest");
  }

  VersionEntry withText(String newTextDigest, String newNormalizerVersion, String newRulesDigest) {
    return new VersionEntry(capturedAt, snapshotDigest, newTextDigest, newNormalizerVersion, newRulesDigest,
        changeId, kind);
  }
}
