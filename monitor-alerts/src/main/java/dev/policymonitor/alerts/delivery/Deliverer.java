package dev.policymonitor.alerts.delivery;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.runtime.Sleeper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one delivery with bounded retries: Failsafe's retry policy decides (exponential backoff with jitter, a
 * channel's {@code Retry-After} honoured up to the longest backoff, no retry for permanent failures) and an injected
 * {@link Sleeper} waits, so tests check the delays without waiting for them. A circuit breaker per channel opens
 * after one alert exhausted its attempts, so while a channel is down the following alerts go to the dead-letter
 * queue at once instead of each waiting through every retry.
 */
public final class Deliverer {

  /** The result of one delivery. */
  public record Result(boolean delivered, int attempts, String error) {}

  /** One attempt: returns once the channel accepted the alert, throws otherwise. */
  @FunctionalInterface
  public interface Attempt {
    void run() throws Exception;
  }

  private final RetrySettings settings;
  private final AlertMetrics metrics;
  private final Sleeper sleeper;
  private final Map<String, CircuitBreaker<Object>> breakers = new ConcurrentHashMap<>();

  public Deliverer(RetrySettings settings, AlertMetrics metrics, Sleeper sleeper) {
    this.settings = settings;
    this.metrics = metrics;
    this.sleeper = sleeper;
  }

  /**
   * Tries {@code action} until it succeeds, fails permanently, or runs out of attempts.
   *
   * @throws IllegalStateException when interrupted while waiting between attempts (the alert is then neither
   *     delivered nor dead-lettered, so the caller must not commit it)
   */
  public Result deliver(String channel, Attempt action) {
    CircuitBreaker<Object> breaker = breaker(channel);
    Execution<Object> execution = Execution.of(retryPolicy());
    int attempts = 0;
    while (true) {
      if (!breaker.tryAcquirePermit()) {
        return new Result(false, attempts, "not attempted: " + channel + " failed " + settings.maxAttempts()
            + " times in a row, paused for " + settings.maxBackoff().toSeconds() + " s");
      }
      attempts++;
      try {
        action.run();
        breaker.recordSuccess();
        return new Result(true, attempts, null);
      } catch (Exception t) {
        metrics.outcome(channel, AlertMetrics.Outcome.FAILED);
        breaker.recordException(t);
        execution.recordException(t);
        if (execution.isComplete()) {
          return new Result(false, attempts, describe(t));
        }
      }
      metrics.retry(channel);
      pause(channel, execution.getDelay());
    }
  }

  private void pause(String channel, Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry " + channel, e);
    }
  }

  private RetryPolicy<Object> retryPolicy() {
    Duration maxDelay = settings.maxBackoff();
    RetryPolicyBuilder<Object> b = RetryPolicy.builder()
        .handle(Exception.class)
        .abortOn(PermanentDeliveryException.class)
        .withMaxAttempts(settings.maxAttempts());
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
