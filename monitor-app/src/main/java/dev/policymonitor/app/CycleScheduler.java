package dev.policymonitor.app;

import dev.policymonitor.fetcher.CheckScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fetcher's scheduler in {@code bench}: a check the fetcher schedules waits, whatever its delay, until the bench
 * starts the next cycle; a cycle runs every waiting check once on the workers (the production fetcher's own pool
 * size) and ends when all are done. The checks themselves are the production ones (rate limit, fetch, publish,
 * reschedule), only the poll interval is replaced by "the next cycle".
 */
final class CycleScheduler implements CheckScheduler {
  private final ConcurrentLinkedQueue<Runnable> due = new ConcurrentLinkedQueue<>();
  private final ExecutorService workers;
  private final AtomicLong done = new AtomicLong();

  CycleScheduler(int workers) {
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "policy-fetcher-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void schedule(Runnable check, java.time.Duration delay) {
    due.add(check);
  }

  /** Checks run so far, for progress lines. */
  long done() {
    return done.get();
  }

  /** Runs every check waiting now, each once; returns how many ran. */
  int runCycle() {
    List<Runnable> cycle = new ArrayList<>();
    for (Runnable r = due.poll(); r != null; r = due.poll()) {
      cycle.add(r);
    }
    List<Future<?>> running = new ArrayList<>(cycle.size());
    for (Runnable r : cycle) {
      running.add(workers.submit(() -> {
        r.run();
        done.incrementAndGet();
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a bench cycle", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check failed: " + e.getCause(), e.getCause());
    }
    return cycle.size();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
