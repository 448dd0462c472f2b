package dev.policymonitor.fetcher;

import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import dev.policymonitor.runtime.health.LoopHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When and where the fetcher's checks run. {@link #threads} in production: a timer thread that hands due checks
 * to a pool of workers; tests step a manual clock instead, so "polled again" and "not polled any more" are
 * asserted on scheduled time, not on sleeps.
 */
public interface CheckScheduler extends AutoCloseable {
  /** Runs {@code check} on a worker once {@code delay} has passed; does nothing once closed. */
  void schedule(Runnable check, Duration delay);

  /** Stops the timer and the workers; checks in flight are interrupted. */
  @Override
  void close();

  /** Whether checks still run: {@code fetcher.scheduler} in {@code /health}. */
  default HealthIndicator health() {
    return HealthIndicator.of("fetcher.scheduler", Health::up);
  }

  /** A daemon timer thread and {@code workers} daemon worker threads. */
  static CheckScheduler threads(int workers) {
    return new Threads(workers);
  }

  /**
   * The production scheduler. A heartbeat goes through the timer and the workers every few seconds: when it stops
   * (the timer died, or every worker hangs for longer than a check can take) the scheduler reports itself down.
   */
  final class Threads implements CheckScheduler {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Longer than the longest check (4 attempts of a 90 s call, with backoffs) on every worker at once. */
    private static final Duration STALL_AFTER = Duration.ofMinutes(10);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "timer"));
    private final ExecutorService pool;
    private final LoopHealth health = LoopHealth.once("fetcher.scheduler", STALL_AFTER, Clock.systemUTC());

    private Threads(int workers) {
      this.pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "worker"));
      health.ready();
      timer.scheduleWithFixedDelay(() -> pool.execute(health::beat), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public HealthIndicator health() {
      return health;
    }

    @Override
    public void schedule(Runnable check, Duration delay) {
      if (!timer.isShutdown()) {
        timer.schedule(() -> pool.execute(check), delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
      pool.shutdownNow();
    }

    private static Thread daemon(Runnable r, String role) {
      Thread t = new Thread(r, "policy-fetcher-" + role + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
