package dev.policymonitor.fetcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.policymonitor.fetcher.http.Validators;
import dev.policymonitor.model.SnapshotSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the fetchers remember about one document, kept in the compacted {@code policy-fetch-state} topic so that
 * whichever instance owns the document next knows it: the last validators, and the most recent known snapshot
 * digests of any source (live or Wayback), by captured-at; and, when the plain page turned out to be a JavaScript
 * shell and the rendered one had text, since when the document is rendered in the browser ({@code renderSince},
 * absent in older records).
 */
public record FetchState(String vendor, String document, String etag, String lastModified,
    List<KnownDigest> digests, @JsonInclude(JsonInclude.Include.NON_NULL) Instant renderSince) {
  /** How many digests are remembered per document. */
  public static final int MAX_DIGESTS = 64;

  /** One published snapshot's digest. */
  public record KnownDigest(Instant capturedAt, String digest, SnapshotSource source) {}

  public FetchState {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(document, "document");
    digests = digests == null ? List.of() : List.copyOf(digests);
  }

  public FetchState(String vendor, String document, String etag, String lastModified, List<KnownDigest> digests) {
    this(vendor, document, etag, lastModified, digests, null);
  }

  public static FetchState empty(String vendor, String document) {
    return new FetchState(vendor, document, null, null, List.of());
  }

  /** Whether the automatic fallback decided that this document is rendered in the browser. */
  public boolean rendersByFallback() {
    return renderSince != null;
  }

  /** The same state, remembering that the document is rendered from {@code since} on (null: no longer). */
  public FetchState withRenderSince(Instant since) {
    return new FetchState(vendor, document, etag, lastModified, digests, since);
  }

  public Validators validators() {
    return new Validators(etag, lastModified);
  }

  public FetchState withValidators(Validators v) {
    return new FetchState(vendor, document, v.etag(), v.lastModified(), digests, renderSince);
  }

  /** The digest of the newest known snapshot, by captured-at, or null. */
  public String latestDigest() {
    return digests.isEmpty() ? null : digests.get(digests.size() - 1).digest();
  }

  public boolean knows(String digest) {
    return digests.stream().anyMatch(d -> d.digest().equals(digest));
  }

  /** Adds a digest, keeps captured-at order and only the newest {@link #MAX_DIGESTS}. */
  public FetchState withDigest(Instant capturedAt, String digest, SnapshotSource source) {
    List<KnownDigest> all = new ArrayList<>(digests);
    all.add(new KnownDigest(capturedAt, digest, source));
    all.sort(Comparator.comparing(KnownDigest::capturedAt));
    if (all.size() > MAX_DIGESTS) {
      all = all.subList(all.size() - MAX_DIGESTS, all.size());
    }
    return new FetchState(vendor, document, etag, lastModified, all, renderSince);
  }
}
