package dev.policymonitor.alerts.delivery;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.runtime.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one delivery with bounded retries: Failsafe's retry policy decides (exponential backoff with jitter, a
 * channel's {@code Retry-After} honoured up to the longest backoff, no retry for permanent failures) and an injected
 * {@link Sleeper} waits, so tests check the delays without waiting for them. A channel whose last attempts all failed
 * (as many as an alert gets, not counting 429s and permanent failures) is paused for the longest backoff on the
 * injected clock (a circuit breaker), so while it is down the following alerts go to the dead-letter queue at once
 * instead of each waiting through every retry; after the pause one attempt probes it. Every attempt's outcome goes
 * to the {@link ChannelHealth}, which logs a channel's first failure and reports it in {@code /health}.
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
  private final ChannelHealth health;
  private final Clock clock;
  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

  /** A channel's run of failed attempts, and until when it is paused. */
  private record Breaker(int failures, Instant pausedUntil, String lastError) {}

  public Deliverer(RetrySettings settings, AlertMetrics metrics, Sleeper sleeper) {
    this(settings, metrics, sleeper, new ChannelHealth(Clock.systemUTC()), Clock.systemUTC());
  }

  /**
   * @param health told of each attempt's outcome
   * @param clock the time a failing channel's pause runs on (the sleeper's, in tests)
   */
  public Deliverer(RetrySettings settings, AlertMetrics metrics, Sleeper sleeper, ChannelHealth health,
      Clock clock) {
    this.settings = settings;
    this.metrics = metrics;
    this.sleeper = sleeper;
    this.health = health;
    this.clock = clock;
  }

  /**
   * Tries {@code action} until it succeeds, fails permanently, or runs out of attempts.
   *
   * @throws IllegalStateException when interrupted while waiting between attempts (the alert is then neither
   *     delivered nor dead-lettered, so the caller must not commit it)
   */
  public Result deliver(String channel, Attempt action) {
    Execution<Object> execution = Execution.of(retryPolicy());
    int attempts = 0;
    while (true) {
      if (paused(channel)) {
        return new Result(false, attempts, "not attempted: " + channel + " failed " + threshold()
            + " times in a row (last: " + breakers.get(channel).lastError() + "), paused for "
            + settings.maxBackoff().toSeconds() + " s");
      }
      attempts++;
      try {
        action.run();
        breakers.remove(channel);
        health.succeeded(channel);
        return new Result(true, attempts, null);
      } catch (Exception t) {
        health.failed(channel, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        metrics.outcome(channel, AlertMetrics.Outcome.FAILED);
        if (!(t instanceof RetryAfterException) && !(t instanceof PermanentDeliveryException)) {
          failed(channel, describe(t));
        }
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

  /** Failed attempts in a row after which a channel is paused. */
  private int threshold() {
    return Math.max(settings.maxAttempts(), 2);
  }

  /** Whether {@code channel} is paused now; once its pause is over, one attempt may probe it. */
  private boolean paused(String channel) {
    Breaker b = breakers.get(channel);
    return b != null && b.pausedUntil() != null && clock.instant().isBefore(b.pausedUntil());
  }

  /** One more failed attempt: the channel is paused once the run reaches the threshold (again after a probe). */
  private void failed(String channel, String error) {
    breakers.compute(channel, (c, b) -> {
      int failures = b == null ? 1 : b.failures() + 1;
      Instant until = failures >= threshold()
          ? clock.instant().plus(settings.maxBackoff().isZero() ? Duration.ofMillis(1) : settings.maxBackoff())
          : null;
      return new Breaker(failures, until, error);
    });
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
