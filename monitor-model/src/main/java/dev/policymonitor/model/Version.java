package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param language the text's language (BCP 47 primary tag such as {@code fr}, {@code ko}); null when unknown
 *     (versions written before languages were recorded have none)
 * @param rendered how the snapshot's page was rendered in a headless browser; null for a plain HTTP fetch (and in
 *     older records)
 * @param markupDigest the normalizer's digest of what extraction reads of a page known to give this text with these
 *     rules (scripts, styles and comments left out): a later page with the same digest has the same text and is not
 *     extracted again. Null when unknown (older records, pages it does not apply to)
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
    String declarationDigest,
    String language,
    @JsonInclude(JsonInclude.Include.NON_NULL) Rendering rendered,
    @JsonInclude(JsonInclude.Include.NON_NULL) String markupDigest) {

  public Version {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(normalizerVersion, "normalizerVersion");
    Objects.requireNonNull(capturedAt, "capturedAt");
    if (textDigest == null) {
      textDigest = Digests.sha1Base32(text);
    }
  }

  /** A version whose markup digest is not known. */
  public Version(String key, String text, String textDigest, String normalizerVersion, Instant capturedAt,
      String snapshotDigest, String url, SnapshotSource source, String declarationDigest, String language,
      Rendering rendered) {
    this(key, text, textDigest, normalizerVersion, capturedAt, snapshotDigest, url, source, declarationDigest,
        language, rendered, null);
  }

  /** A version whose language is not known, of a snapshot from a plain HTTP fetch (not rendered). */
  public Version(String key, String text, String textDigest, String normalizerVersion, Instant capturedAt,
      String snapshotDigest, String url, SnapshotSource source, String declarationDigest) {
    this(key, text, textDigest, normalizerVersion, capturedAt, snapshotDigest, url, source, declarationDigest, null,
        null);
  }

  /** A version in {@code language}, of a snapshot from a plain HTTP fetch (not rendered). */
  public Version(String key, String text, String textDigest, String normalizerVersion, Instant capturedAt,
      String snapshotDigest, String url, SnapshotSource source, String declarationDigest, String language) {
    this(key, text, textDigest, normalizerVersion, capturedAt, snapshotDigest, url, source, declarationDigest,
        language, null);
  }

  /** This version, known to be the text of pages whose markup digest is {@code digest}. */
  public Version withMarkupDigest(String digest) {
    return new Version(key, text, textDigest, normalizerVersion, capturedAt, snapshotDigest, url, source,
        declarationDigest, language, rendered, digest);
  }
}
