package dev.policymonitor.fetcher;

import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;

/** The outcome of one check of a document: new bytes, unchanged, or an error. */
public sealed interface FetchResult {
  /** New content was captured. */
  record Fetched(Snapshot snapshot) implements FetchResult {}

  /** The server said 304, or the bytes have the digest of the last snapshot. */
  record NotModified(String url) implements FetchResult {}

  /** The fetch failed; the error says how and whether a later try may succeed. */
  record Failed(FetchError error) implements FetchResult {}
}
