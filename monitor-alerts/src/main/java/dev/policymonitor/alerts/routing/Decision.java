package dev.policymonitor.alerts.routing;

import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.model.Change;
import java.time.Instant;
import java.util.List;

/** What the {@link AlertRouter} decided; the alerts service carries each decision out, in order. */
public sealed interface Decision {

  /** The one change this decision is about (for the log context); null for digests and unreadable records. */
  default Change change() {
    return null;
  }

  /** Publish the change as a CloudEvent on {@code policy-change-events}. */
  record Publish(Change change) implements Decision {}

  /** The input record is not a change: dead-letter its text. */
  record Unreadable(String origin, DeadLetter letter) implements Decision {}

  /** The channel's routing rules do not take the change. */
  record Filtered(String channel, Change change) implements Decision {}

  /** The channel got the change before (a restart or a rebalance read it again): not sent twice. */
  record Duplicate(String channel, Change change) implements Decision {}

  /** Queue the change for the channel's digest window. */
  record QueueForDigest(DigestItem item) implements Decision {
    @Override
    public Change change() {
      return item.change();
    }
  }

  /** Send the change on the channel now, with bounded retries. */
  record Deliver(String channel, Change change) implements Decision {}

  /** The channel accepted the changes: count them and, when {@code remember}, mark them delivered. */
  record Delivered(String channel, List<Change> changes, boolean remember, Instant at) implements Decision {
    public Delivered {
      changes = List.copyOf(changes);
    }
  }

  /** Give up on an alert: write it to the dead-letter queue for a later redrive. */
  record DeadLettered(DeadLetter letter) implements Decision {}

  /** A digest window ended: send the changes of {@code fresh} (those of {@code due} not delivered yet). */
  record SendDigest(Digest due, Digest fresh) implements Decision {}

  /** Remove a digest's waiting items: it was sent or dead-lettered, or held nothing left to send. */
  record DiscardDigest(Digest due) implements Decision {}
}
