package dev.policymonitor.web;

import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Version;
import java.time.Instant;

/**
 * A version without its text, for a document's version list.
 *
 * @param language the text's language (BCP 47 primary tag); null when unknown
 * @param rendered how its page was rendered in a headless browser (declared, fallback); null for a plain fetch
 */
public record VersionInfo(String key, Instant capturedAt, String textDigest, String normalizerVersion, String url,
    SnapshotSource source, int length, String captureUrl, String language, Rendering rendered) {

  static VersionInfo of(Version v) {
    return new VersionInfo(v.key(), v.capturedAt(), v.textDigest(), v.normalizerVersion(), v.url(), v.source(),
        v.text().length(), CaptureLinks.original(v.url(), v.source(), v.capturedAt()), v.language(), v.rendered());
  }
}
