package dev.policymonitor.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The normalized text of one snapshot.
 *
 * @param key wire form of the {@link PolicyKey}
 * @param textDigest base32 SHA-1 of {@code text}
 * @param normalizerVersion version of the normalization rules that produced the text
 * @param capturedAt captured-at of the snapshot the text comes from
 * @param snapshotDigest digest of the snapshot the text comes from
 * @param declarationDigest digest of the extraction rules (selectors) used, so a rule change is recognized
 */
public record Version(
    String key,
    String text,
    String textDigest,
    String normalizerVersion,
    Instant capturedAt,
    String snapshotDigest,
    String url,
    SnapshotSource source,
    String declarationDigest) {

  public Version {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(normalizerVersion, "normalizerVersion");
    Objects.requireNonNull(capturedAt, "capturedAt");
    if (textDigest == null) {
      textDigest = Digests.sha1Base32(text);
    }
  }
}
