package dev.policymonitor.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How every HTTP client of the monitor (the fetcher, the Slack and webhook alert sinks) reads a status code and its
 * {@code Retry-After}: whether another attempt can help and when. Pure: status, header and the current time in, a
 * {@link Decision} out; no HTTP library involved.
 *
 * <ul>
 *   <li>2xx: {@link Kind#SUCCESS}.</li>
 *   <li>429, and 503 with a readable {@code Retry-After}: {@link Kind#RATE_LIMITED}; wait what the server asks.</li>
 *   <li>408 and 5xx: {@link Kind#TRANSIENT}; retry with backoff.</li>
 *   <li>every other status (other 4xx, an unfollowed 3xx, 1xx): {@link Kind#PERMANENT}; the same request gets the
 *       same answer.</li>
 * </ul>
 */
public final class HttpStatusPolicy {
  /** The longest {@code Retry-After} honoured unless a caller says otherwise: nobody parks a request for longer. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofDays(1);

  /** What a status means for the next attempt. */
  public enum Kind {
    SUCCESS, TRANSIENT, RATE_LIMITED, PERMANENT;

    /** Whether another attempt can succeed. */
    public boolean retryable() {
      return this == TRANSIENT || this == RATE_LIMITED;
    }
  }

  /**
   * @param retryAfter the server's {@code Retry-After} (capped), when it sent a readable one; given for any
   *     status but a success, since a caller may also use it to schedule its next regular attempt
   */
  public record Decision(Kind kind, Optional<Duration> retryAfter) {
    public Decision {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public boolean retryable() {
      return kind.retryable();
    }
  }

  private final Duration maxRetryAfter;

  /** @param maxRetryAfter the longest wait honoured; a longer {@code Retry-After} is cut to it */
  public HttpStatusPolicy(Duration maxRetryAfter) {
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter is negative: " + maxRetryAfter);
    }
    this.maxRetryAfter = maxRetryAfter;
  }

  public static HttpStatusPolicy withDefaults() {
    return new HttpStatusPolicy(DEFAULT_MAX_RETRY_AFTER);
  }

  /** The kind of a status alone, without a {@code Retry-After}. */
  public static Kind classify(int status) {
    if (status >= 200 && status < 300) {
      return Kind.SUCCESS;
    }
    if (status == 429) {
      return Kind.RATE_LIMITED;
    }
    if (status == 408 || status >= 500 && status < 600) {
      return Kind.TRANSIENT;
    }
    return Kind.PERMANENT;
  }

  /**
   * @param retryAfterHeader the {@code Retry-After} header value, or null
   * @param now the current time, against which an HTTP-date is read
   */
  public Decision decide(int status, String retryAfterHeader, Instant now) {
    Kind kind = classify(status);
    if (kind == Kind.SUCCESS) {
      return new Decision(kind, Optional.empty());
    }
    Optional<Duration> retryAfter = RetryAfter.parse(retryAfterHeader, now).map(this::capped);
    if (status == 503 && retryAfter.isPresent()) {
      kind = Kind.RATE_LIMITED;
    }
    return new Decision(kind, retryAfter);
  }

  private Duration capped(Duration asked) {
    return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
  }
}
