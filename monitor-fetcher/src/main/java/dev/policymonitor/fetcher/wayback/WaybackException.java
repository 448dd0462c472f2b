package dev.policymonitor.fetcher.wayback;

import java.io.IOException;

/** A Wayback request that failed for good: retries exhausted, or a terminal answer (404, robots exclusion). */
public final class WaybackException extends IOException {
  private final int status;

  public WaybackException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** HTTP status, 0 when no response arrived. */
  public int status() {
    return status;
  }
}
