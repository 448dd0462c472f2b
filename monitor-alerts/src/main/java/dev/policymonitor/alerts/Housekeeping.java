package dev.policymonitor.alerts;

import dev.policymonitor.alerts.routing.AlertRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the alerts loop does between batches, each on its own period of the injected clock: sends the digests that
 * are due (only on the instance that owns them, so each is sent once), with the review state of their changes read
 * just before, and refreshes the dead-letter backlog gauge.
 */
final class Housekeeping {
  static final Duration GAUGE_REFRESH = Duration.ofSeconds(30);

  private final Clock clock;
  private final Duration digestCheckInterval;
  private final Duration stateTimeout;
  private final AlertRouter router;
  private final DecisionExecutor executor;
  private final AlertStores stores;
  private final AlertMetrics metrics;
  private Instant nextDigestCheck = Instant.MIN;
  private Instant nextGaugeRefresh = Instant.MIN;

  Housekeeping(Clock clock, Duration digestCheckInterval, Duration stateTimeout, AlertRouter router,
      DecisionExecutor executor, AlertStores stores, AlertMetrics metrics) {
    this.clock = clock;
    this.digestCheckInterval = digestCheckInterval;
    this.stateTimeout = stateTimeout;
    this.router = router;
    this.executor = executor;
    this.stores = stores;
    this.metrics = metrics;
  }

  /** @param ownsDigests whether this instance sends the digests (it owns partition 0 of the input) */
  void run(boolean ownsDigests) {
    Instant now = clock.instant();
    if (!now.isBefore(nextDigestCheck)) {
      nextDigestCheck = now.plus(digestCheckInterval);
      if (ownsDigests) {
        stores.digests.catchUp(stateTimeout);
        stores.reviews.catchUp(stateTimeout);
        executor.execute(router.dueDigests(now));
      }
    }
    if (!now.isBefore(nextGaugeRefresh)) {
      nextGaugeRefresh = now.plus(GAUGE_REFRESH);
      stores.delivered.catchUp(stateTimeout);
      stores.deadLetters.catchUp(stateTimeout);
      metrics.dlqSize(stores.pendingDeadLetters());
    }
  }
}
