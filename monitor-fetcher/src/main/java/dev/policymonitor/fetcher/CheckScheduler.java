package dev.policymonitor.fetcher;

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

  /** A daemon timer thread and {@code workers} daemon worker threads. */
  static CheckScheduler threads(int workers) {
    return new Threads(workers);
  }

  /** The production scheduler. */
  final class Threads implements CheckScheduler {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "timer"));
    private final ExecutorService pool;

    private Threads(int workers) {
      this.pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "worker"));
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
