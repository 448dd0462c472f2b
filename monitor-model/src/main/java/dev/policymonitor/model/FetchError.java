package dev.policymonitor.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A failed attempt to fetch a document, published to {@code policy-fetch-errors}.
 *
 * @param status HTTP status, 0 when no response arrived
 * @param attempts how many attempts were made before giving up
 * @param mayBeTransient whether a later attempt may succeed
 */
public record FetchError(
    String vendor,
    String document,
    String url,
    SnapshotSource source,
    FetchErrorKind kind,
    int status,
    int attempts,
    boolean mayBeTransient,
    String message,
    Instant at) {

  public FetchError {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
