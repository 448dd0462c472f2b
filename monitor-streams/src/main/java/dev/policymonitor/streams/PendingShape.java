package dev.policymonitor.streams;

import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A readable text that lost more than the shrink ratio against the latest version: reported as
 * {@code extraction-failed} and kept here (its text in the version text store) until it is either seen again a day
 * or more later, and becomes the new baseline (a major rewrite), or a capture of the usual size replaces it. See
 * {@code docs/detection.md}.
 *
 * @param capturedAt the first capture of this shape (the accepted version's capture time)
 * @param snapshotDigest that capture's bytes
 * @param textDigest its text, kept in {@link PolicyTopology#VERSION_TEXT_STORE}
 * @param noticedAt when the monitor first saw it (its clock): a live page whose bytes never change again is
 *     confirmed by time alone, since the fetcher publishes nothing for unchanged bytes
 * @param captures how many captures showed this shape so far
 */
public record PendingShape(Instant capturedAt, String snapshotDigest, String textDigest, String url,
    SnapshotSource source, String normalizerVersion, String rulesDigest, String language, Instant noticedAt,
    int captures) {
  public PendingShape {
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(textDigest, "textDigest");
  }

  static PendingShape of(Version v, Instant noticedAt) {
    return new PendingShape(v.capturedAt(), v.snapshotDigest(), v.textDigest(), v.url(), v.source(),
        v.normalizerVersion(), v.declarationDigest(), v.language(), noticedAt, 1);
  }

  /** The version this shape becomes when it is accepted. */
  Version version(String key, String text) {
    return new Version(key, text, textDigest, normalizerVersion, capturedAt, snapshotDigest, url, source, rulesDigest,
        language);
  }

  PendingShape seenAgain() {
    return new PendingShape(capturedAt, snapshotDigest, textDigest, url, source, normalizerVersion, rulesDigest,
        language, noticedAt, captures + 1);
  }
}
