package dev.policymonitor.alerts.delivery;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.function.CheckedRunnable;
import dev.policymonitor.alerts.AlertMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one delivery with bounded retries (Failsafe): exponential backoff, a channel's {@code Retry-After}
 * honoured up to the longest backoff, no retry for permanent failures. A circuit breaker per channel
 * opens after one alert exhausted its attempts, so while a channel is down the following alerts go to the
 * dead-letter queue at once instead of each waiting through every retry.
 */
public final class Deliverer {

  /** The result of one delivery. */
  public record Result(boolean delivered, int attempts, String error) {}

  private final RetrySettings settings;
  private final AlertMetrics metrics;
  private final Map<String, CircuitBreaker<Object>> breakers = new ConcurrentHashMap<>();

  public Deliverer(RetrySettings settings, AlertMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  public Result deliver(String channel, CheckedRunnable action) {
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<Object> retry = retryPolicy(channel);
    try {
      Failsafe.with(retry).compose(breaker(channel)).run(() -> {
        attempts.incrementAndGet();
        try {
          action.run();
        } catch (Throwable t) {
          metrics.outcome(channel, AlertMetrics.Outcome.FAILED);
          throw t;
        }
      });
      return new Result(true, attempts.get(), null);
    } catch (CircuitBreakerOpenException e) {
      return new Result(false, attempts.get(), "not attempted: " + channel + " failed " + settings.maxAttempts()
          + " times in a row, paused for " + settings.maxBackoff().toSeconds() + " s");
    } catch (FailsafeException e) {
      return new Result(false, attempts.get(), describe(e.getCause() == null ? e : e.getCause()));
    } catch (RuntimeException e) {
      return new Result(false, attempts.get(), describe(e));
    }
  }

  private RetryPolicy<Object> retryPolicy(String channel) {
    Duration maxDelay = settings.maxBackoff();
    RetryPolicyBuilder<Object> b = RetryPolicy.builder()
        .handle(Exception.class)
        .abortOn(PermanentDeliveryException.class, CircuitBreakerOpenException.class)
        .withMaxAttempts(settings.maxAttempts())
        .onRetry(e -> metrics.retry(channel));
    if (settings.backoff().compareTo(maxDelay) < 0 && !settings.backoff().isZero()) {
      b.withBackoff(settings.backoff(), maxDelay).withJitter(0.1);
    } else if (!settings.backoff().isZero()) {
      b.withDelay(settings.backoff());
    }
    b.withDelayFnOn(ctx -> {
      // the 10 % jitter also applies here; stretch so that even the shortest wait honours Retry-After
      Duration asked = ((RetryAfterException) ctx.getLastException()).retryAfter().multipliedBy(10).dividedBy(9);
      return asked.compareTo(maxDelay) > 0 ? maxDelay : asked;
    }, RetryAfterException.class);
    return b.build();
  }

  private CircuitBreaker<Object> breaker(String channel) {
    return breakers.computeIfAbsent(channel, c -> CircuitBreaker.builder()
        .handleIf(e -> e != null && !(e instanceof RetryAfterException) && !(e instanceof PermanentDeliveryException))
        .withFailureThreshold(Math.max(settings.maxAttempts(), 2))
        .withDelay(settings.maxBackoff().isZero() ? Duration.ofMillis(1) : settings.maxBackoff())
        .build());
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
