package dev.policymonitor.alerts;

import dev.policymonitor.alerts.AlertMetrics.Outcome;
import dev.policymonitor.alerts.cloudevents.ChangeEventPublisher;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.routing.AlertRouter;
import dev.policymonitor.alerts.routing.Decision;
import dev.policymonitor.model.Change;
import dev.policymonitor.runtime.LogContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link AlertRouter}'s decisions, in order: publishes CloudEvents, delivers with bounded retries
 * (asking the router what follows), writes delivery markers, queues digest items, dead-letters, and counts each
 * outcome. A write the broker does not acknowledge throws, so the batch is not committed.
 */
final class DecisionExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionExecutor.class);

  private final AlertRouter router;
  private final Map<String, AlertSink> sinks;
  private final Deliverer deliverer;
  private final AlertStores stores;
  private final ChangeEventPublisher events;
  private final AlertMetrics metrics;
  private final Clock clock;

  DecisionExecutor(AlertRouter router, Map<String, AlertSink> sinks, Deliverer deliverer, AlertStores stores,
      ChangeEventPublisher events, AlertMetrics metrics, Clock clock) {
    this.router = router;
    this.sinks = Map.copyOf(sinks);
    this.deliverer = deliverer;
    this.stores = stores;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  void execute(List<Decision> decisions) {
    for (Decision d : decisions) {
      Change change = d.change();
      try (LogContext ignored = change == null ? LogContext.of(null, null)
          : LogContext.of(change.vendor(), change.document())) {
        execute(d);
      }
    }
  }

  private void execute(Decision decision) {
    if (decision instanceof Decision.Publish p) {
      events.publish(p.change());
    } else if (decision instanceof Decision.Filtered f) {
      metrics.outcome(f.channel(), Outcome.FILTERED);
    } else if (decision instanceof Decision.Duplicate d) {
      metrics.outcome(d.channel(), Outcome.DUPLICATE);
      LOG.info("vendor={} document={} channel={} change {} was already delivered; not sending it again",
          d.change().vendor(), d.change().document(), d.channel(), d.change().changeId());
    } else if (decision instanceof Decision.QueueForDigest q) {
      stores.digests.add(q.item());
    } else if (decision instanceof Decision.Deliver d) {
      AlertSink sink = sinks.get(d.channel());
      Deliverer.Result result = deliverer.deliver(d.channel(), () -> sink.deliver(d.change()));
      execute(List.of(router.afterDelivery(d, result, clock.instant())));
    } else if (decision instanceof Decision.SendDigest s) {
      AlertSink sink = sinks.get(s.fresh().channel());
      Deliverer.Result result = deliverer.deliver(s.fresh().channel(), () -> sink.deliverDigest(s.fresh()));
      execute(router.afterDigest(s, result, clock.instant()));
    } else if (decision instanceof Decision.Delivered d) {
      for (Change c : d.changes()) {
        if (d.remember()) {
          stores.delivered.markDelivered(d.channel(), c.changeId(), c.key(), d.at());
        }
        metrics.delivered(d.channel(), c, d.at());
      }
    } else if (decision instanceof Decision.DeadLettered d) {
      deadLetter(d.letter());
    } else if (decision instanceof Decision.Unreadable u) {
      LOG.error("vendor={} document={} unreadable record at {} dead-lettered: {}", "-", "-", u.origin(),
          u.letter().error());
      stores.deadLetters.add(u.letter());
      metrics.outcome(DeadLetter.UNREADABLE, Outcome.DEAD_LETTERED);
    } else if (decision instanceof Decision.DiscardDigest d) {
      stores.digests.remove(d.due());
    } else {
      throw new IllegalArgumentException("no executor for " + decision);
    }
  }

  private void deadLetter(DeadLetter letter) {
    if (letter.digest() == null) {
      Change c = letter.changes().get(0);
      LOG.error("vendor={} document={} channel={} change {} dead-lettered after {} attempts: {}", c.vendor(),
          c.document(), letter.channel(), c.changeId(), letter.attempts(), letter.error());
    } else {
      LOG.error("vendor={} document={} channel={} {} digest of {} changes ({}) dead-lettered after {} attempts: {}",
          "-", "-", letter.channel(), letter.digest().wire(), letter.changes().size(), letter.windowStart(),
          letter.attempts(), letter.error());
    }
    stores.deadLetters.add(letter);
    letter.changes().forEach(c -> metrics.outcome(letter.channel(), Outcome.DEAD_LETTERED));
    metrics.dlqSize(stores.pendingDeadLetters());
  }
}
