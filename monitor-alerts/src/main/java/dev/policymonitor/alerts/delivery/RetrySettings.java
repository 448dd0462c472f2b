package dev.policymonitor.alerts.delivery;

import java.time.Duration;

/**
 * How hard a channel is tried before an alert is dead-lettered.
 *
 * @param maxAttempts attempts in all, the first included
 * @param backoff first retry delay; doubles per attempt
 * @param maxBackoff longest delay, also the cap on a {@code Retry-After}
 * @param timeout connect/read timeout of one attempt
 */
public record RetrySettings(int maxAttempts, Duration backoff, Duration maxBackoff, Duration timeout) {
  public static RetrySettings defaults() {
    return new RetrySettings(5, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(15));
  }
}
