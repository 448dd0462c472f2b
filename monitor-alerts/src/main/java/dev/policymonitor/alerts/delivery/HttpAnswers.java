package dev.policymonitor.alerts.delivery;

import dev.policymonitor.runtime.HttpStatusPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns an HTTP channel's failed answer into the exception {@link Deliverer} acts on, by the monitor's one
 * {@link HttpStatusPolicy}: rate-limited becomes a {@link RetryAfterException} (the server's {@code Retry-After},
 * seconds or HTTP-date, else {@link #DEFAULT_RETRY_AFTER}), permanent a {@link PermanentDeliveryException}, and
 * anything else an {@link IOException} that is retried with backoff.
 */
public final class HttpAnswers {
  /** The wait when a channel rate-limits us without saying for how long. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private final HttpStatusPolicy policy;
  private final Clock clock;

  public HttpAnswers(HttpStatusPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** The policy's defaults on the system clock. */
  public static HttpAnswers standard() {
    return new HttpAnswers(HttpStatusPolicy.withDefaults(), Clock.systemUTC());
  }

  /**
   * @param status a status that is not a success
   * @param retryAfter the answer's {@code Retry-After} header, or null
   * @param what the failure in words, for logs and dead letters ({@code Slack webhook answered 500 ...})
   * @throws RetryAfterException when rate-limited
   * @throws PermanentDeliveryException when another attempt cannot help
   * @throws IOException otherwise: always throws
   */
  public void fail(int status, String retryAfter, String what) throws IOException, PermanentDeliveryException {
    HttpStatusPolicy.Decision decision = policy.decide(status, retryAfter, clock.instant());
    switch (decision.kind()) {
      case RATE_LIMITED -> throw new RetryAfterException(what, decision.retryAfter().orElse(DEFAULT_RETRY_AFTER));
      case PERMANENT -> throw new PermanentDeliveryException(what);
      default -> throw new IOException(what);
    }
  }
}
