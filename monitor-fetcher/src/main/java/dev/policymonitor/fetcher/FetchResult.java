package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.http.Validators;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;
import java.time.Duration;

/** The outcome of one check of a document: new bytes, unchanged, or an error. */
public sealed interface FetchResult {
  /** Bytes were captured (they may still equal a known digest; the service decides). */
  record Fetched(Snapshot snapshot, Validators validators) implements FetchResult {}

  /** The server said 304, or the bytes have the digest of the last known snapshot. */
  record NotModified(String url, Validators validators) implements FetchResult {}

  /**
   * The fetch failed; the error says how and whether a later try may succeed.
   *
   * @param retryAfter the server's {@code Retry-After}, or null
   */
  record Failed(FetchError error, Duration retryAfter) implements FetchResult {
    public Failed(FetchError error) {
      this(error, null);
    }
  }
}
