package dev.policymonitor.alerts.delivery;

import java.io.IOException;
import java.time.Duration;

/** The channel is rate-limiting us (HTTP 429) and said when to try again. */
public final class RetryAfterException extends IOException {
  private final Duration retryAfter;

  public RetryAfterException(String message, Duration retryAfter) {
    super(message + " (retry after " + retryAfter.toSeconds() + " s)");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Parses a {@code Retry-After} header given in seconds; a missing or HTTP-date value gives {@code fallback}. */
  public static Duration parse(String header, Duration fallback) {
    if (header == null) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? fallback : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
