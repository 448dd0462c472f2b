package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Raw bytes of one document as captured, live or from the Wayback Machine.
 *
 * @param capturedAt when the bytes were captured: the fetch time, or the Wayback timestamp
 * @param digest base32 SHA-1 of the body, the same form as the Wayback CDX {@code digest}
 * @param language the page's language as the server declared it ({@code Content-Language}, e.g. {@code fr} or
 *     {@code de-CH}); null when not declared (older snapshots have none)
 * @param rendered null for the bytes of a plain HTTP fetch; else the body is the DOM of the page rendered in a
 *     headless browser, and this says why (declared, or the automatic JavaScript-shell fallback). Absent from
 *     older records, which read as null.
 */
public record Snapshot(
    String vendor,
    String document,
    String url,
    SnapshotSource source,
    Instant capturedAt,
    Instant fetchedAt,
    int httpStatus,
    String contentType,
    String charset,
    String digest,
    byte[] body,
    String language,
    @JsonInclude(JsonInclude.Include.NON_NULL) Rendering rendered) {

  public Snapshot {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    Objects.requireNonNull(body, "body");
    if (digest == null) {
      digest = Digests.sha1Base32(body);
    }
    if (language != null && language.isBlank()) {
      language = null;
    }
  }

  /** A snapshot of a plain HTTP fetch (not rendered) whose server declared no language. */
  public Snapshot(String vendor, String document, String url, SnapshotSource source, Instant capturedAt,
      Instant fetchedAt, int httpStatus, String contentType, String charset, String digest, byte[] body) {
    this(vendor, document, url, source, capturedAt, fetchedAt, httpStatus, contentType, charset, digest, body, null,
        null);
  }

  /** A snapshot of a plain HTTP fetch (not rendered) with the server's declared language. */
  public Snapshot(String vendor, String document, String url, SnapshotSource source, Instant capturedAt,
      Instant fetchedAt, int httpStatus, String contentType, String charset, String digest, byte[] body,
      String language) {
    this(vendor, document, url, source, capturedAt, fetchedAt, httpStatus, contentType, charset, digest, body,
        language, null);
  }

  /** This snapshot with the server's declared language ({@code Content-Language}). */
  public Snapshot withLanguage(String declared) {
    return new Snapshot(vendor, document, url, source, capturedAt, fetchedAt, httpStatus, contentType, charset,
        digest, body, declared, rendered);
  }

  @JsonIgnore
  public PolicyKey key() {
    return new PolicyKey(vendor, document);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s
        && vendor.equals(s.vendor) && document.equals(s.document) && url.equals(s.url)
        && source == s.source && capturedAt.equals(s.capturedAt) && fetchedAt.equals(s.fetchedAt)
        && httpStatus == s.httpStatus && Objects.equals(contentType, s.contentType)
        && Objects.equals(charset, s.charset) && digest.equals(s.digest) && Arrays.equals(body, s.body)
        && Objects.equals(language, s.language) && rendered == s.rendered;
  }

  @Override
  public int hashCode() {
    return Objects.hash(vendor, document, source, capturedAt, digest);
  }

  @Override
  public String toString() {
    return "Snapshot[" + vendor + "/" + document + " " + source.wire() + " " + capturedAt + " " + digest
        + " " + body.length + " bytes" + (rendered == null ? "" : " rendered:" + rendered.wire()) + "]";
  }
}
