package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.model.Target;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The thread in which the Wayback lease holder runs one forwarded backfill (the record at {@link #offset()}). */
final class LeaseBackfill extends Thread {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseBackfill.class);

  private final FirstSightBackfill backfill;
  private final Target target;
  private final long offset;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean completed;

  LeaseBackfill(FirstSightBackfill backfill, Target target, long offset) {
    super("policy-wayback-lease-backfill");
    setDaemon(true);
    this.backfill = backfill;
    this.target = target;
    this.offset = offset;
  }

  @Override
  public void run() {
    try {
      backfill.backfill(target);
      completed = true;
    } catch (InterruptedException e) {
      LOG.info("vendor={} document={} Wayback backfill stopped: the lease moved", target.key().vendor(),
          target.key().document());
    } finally {
      done.countDown();
    }
  }

  long offset() {
    return offset;
  }

  /** Whether the backfill ran to its end (not stopped by the lease moving). */
  boolean completed() {
    return completed;
  }

  boolean finished() {
    return done.getCount() == 0;
  }

  /** Waits up to {@code timeout} for the thread to end; whether it did. */
  boolean await(Duration timeout) {
    try {
      return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
