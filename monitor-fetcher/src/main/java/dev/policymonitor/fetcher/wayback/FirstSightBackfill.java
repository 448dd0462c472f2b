package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.fetcher.FirstSightListener;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.runtime.LogContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills the Wayback history of each document the fetcher sees for the first time, in the background and one
 * document at a time, through the process's one {@link WaybackBudget}: live polling never waits for it, and a
 * failure is logged and counted, never fatal. A document is backfilled at most once per process; one that stops
 * being polled here before its turn is skipped (its new owner decides).
 */
public final class FirstSightBackfill implements FirstSightListener, AutoCloseable {
  public static final String COMPLETED = "completed";
  public static final String WITH_ERRORS = "with-errors";
  public static final String FAILED = "failed";

  private static final Logger LOG = LoggerFactory.getLogger(FirstSightBackfill.class);

  private final WaybackBackfill backfill;
  private final WaybackMetrics metrics;
  private final Map<PolicyKey, Target> waiting = new ConcurrentHashMap<>();
  private final Set<PolicyKey> started = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "policy-wayback-first-sight");
    t.setDaemon(true);
    return t;
  });

  public FirstSightBackfill(WaybackBackfill backfill, WaybackMetrics metrics) {
    this.backfill = backfill;
    this.metrics = metrics;
  }

  @Override
  public void firstSight(Target target) {
    PolicyKey key = target.key();
    if (started.contains(key) || waiting.putIfAbsent(key, target) != null) {
      return;
    }
    try {
      executor.execute(() -> run(key));
      LOG.info("vendor={} document={} first sight: Wayback history backfill queued", key.vendor(), key.document());
    } catch (RejectedExecutionException e) {
      waiting.remove(key); // closing
    }
  }

  @Override
  public void forgotten(PolicyKey key) {
    waiting.remove(key);
  }

  private void run(PolicyKey key) {
    Target target = waiting.remove(key);
    if (target == null || !started.add(key)) {
      return;
    }
    try {
      backfill(target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Backfills one document now, in the calling thread, counting and logging the outcome; a failure is not thrown.
   * {@link WaybackLease} calls this for the documents forwarded to the instance that holds the lease.
   *
   * @throws InterruptedException when the thread is interrupted (the lease was revoked): nothing is counted
   */
  public void backfill(Target target) throws InterruptedException {
    PolicyKey key = target.key();
    try (LogContext ignored = LogContext.of(key)) {
      BackfillSummary summary = backfill.run(List.of(target), null, null, BackfillListener.NONE);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("backfill of " + key + " interrupted");
      }
      if (summary.errors() == 0) {
        metrics.backfill(COMPLETED);
        LOG.info("vendor={} document={} first-sight Wayback backfill done: {} capture(s), {} published",
            key.vendor(), key.document(), summary.capturesFound(), summary.published());
      } else {
        metrics.backfill(WITH_ERRORS);
        LOG.warn("vendor={} document={} first-sight Wayback backfill ended with {} error(s): {} capture(s), {} "
            + "published; run policy-monitor backfill to retry", key.vendor(), key.document(), summary.errors(),
            summary.capturesFound(), summary.published());
      }
    } catch (RuntimeException e) {
      metrics.backfill(FAILED);
      LOG.warn("vendor={} document={} first-sight Wayback backfill failed: {}", key.vendor(), key.document(),
          e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
