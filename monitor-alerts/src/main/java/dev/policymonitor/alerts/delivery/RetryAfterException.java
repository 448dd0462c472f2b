package dev.policymonitor.alerts.delivery;

import java.io.IOException;
import java.time.Duration;

/** The channel is rate-limiting us (HTTP 429, or 503 with {@code Retry-After}) and said when to try again. */
public final class RetryAfterException extends IOException {
  private final Duration retryAfter;

  public RetryAfterException(String message, Duration retryAfter) {
    super(message + " (retry after " + retryAfter.toSeconds() + " s)");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
