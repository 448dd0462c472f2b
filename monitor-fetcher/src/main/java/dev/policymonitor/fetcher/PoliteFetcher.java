package dev.policymonitor.fetcher;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.fetcher.http.Validators;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Target;
import dev.policymonitor.runtime.HttpStatusPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A check of one document with manners: every attempt takes a token from its host's bucket, and transient
 * failures (timeouts, resets, 5xx, 429) are retried a bounded number of times with exponential backoff and
 * jitter (Failsafe), waiting what {@code Retry-After} asks when the server says.
 */
public final class PoliteFetcher {
  private final PolicyFetcher fetcher;
  private final HostRateLimiter limiter;
  private final FetcherConfig config;

  public PoliteFetcher(PolicyFetcher fetcher, HostRateLimiter limiter, FetcherConfig config) {
    this.fetcher = fetcher;
    this.limiter = limiter;
    this.config = config;
  }

  public HostRateLimiter limiter() {
    return limiter;
  }

  /**
   * Fetches with retries.
   *
   * @param firstTokenTaken true when the caller already took the host token for the first attempt
   */
  public FetchResult fetch(Target target, Validators validators, boolean firstTokenTaken) {
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<FetchResult> policy = RetryPolicy.<FetchResult>builder()
        .handleResultIf(r -> r instanceof FetchResult.Failed f && retryable(f))
        .withMaxAttempts(config.maxAttempts())
        .withDelayFn(ctx -> delay(ctx.getLastResult(), ctx.getAttemptCount()))
        .build();
    FetchResult result;
    try {
      result = Failsafe.with(policy).get(ctx -> {
        if (attempts.getAndIncrement() > 0 || !firstTokenTaken) {
          limiter.acquire(target.host());
        }
        return fetcher.fetch(target, validators);
      });
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    if (result instanceof FetchResult.Failed f) {
      FetchError e = f.error();
      return new FetchResult.Failed(new FetchError(e.vendor(), e.document(), e.url(), e.source(), e.kind(),
          e.status(), attempts.get(), e.mayBeTransient(), e.message(), e.at()), f.retryAfter());
    }
    return result;
  }

  /** The wait before retrying after attempt {@code attempt}: what {@code Retry-After} asked, else the backoff. */
  Duration delay(FetchResult last, int attempt) {
    return last instanceof FetchResult.Failed f && f.retryAfter() != null ? f.retryAfter() : backoff(attempt);
  }

  /**
   * Whether another attempt within this check can help: an answer the monitor's one {@link HttpStatusPolicy} calls
   * transient or rate-limited (unless the server asks for a longer wait than a check may take), or a timeout or a
   * broken connection; never an unknown host, a TLS failure or content we cannot take.
   */
  private boolean retryable(FetchResult.Failed f) {
    FetchError e = f.error();
    if (f.retryAfter() != null && f.retryAfter().compareTo(config.maxRetryAfter()) > 0) {
      return false;
    }
    return switch (e.kind()) {
      case HTTP_4XX, HTTP_5XX, BLOCKED -> HttpStatusPolicy.classify(e.status()).retryable();
      case TIMEOUT, CONNECTION -> true;
      default -> false;
    };
  }

  /**
   * Exponential backoff with jitter for the retry after attempt {@code attempt}: base * 2^(attempt-1), capped,
   * +/- jitter/2. {@code Retry-After} is used as is instead (jitter would cut it short).
   */
  private Duration backoff(int attempt) {
    long base = config.backoffBase().toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    long capped = Math.min(base, config.backoffMax().toMillis());
    double spread = config.jitter() * (ThreadLocalRandom.current().nextDouble() - 0.5);
    return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
  }
}
