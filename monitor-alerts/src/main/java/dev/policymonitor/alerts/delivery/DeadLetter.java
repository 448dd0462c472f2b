package dev.policymonitor.alerts.delivery;

import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import java.time.Instant;
import java.util.List;

/**
 * An alert that could not be delivered, as written to {@code policy-alerts-dlq} (JSON).
 *
 * @param channel the channel that failed; {@value #UNREADABLE} for an input record that is not a change
 * @param error the last error, in words
 * @param attempts delivery attempts made
 * @param changes the change (or, for a digest, every change of the digest)
 * @param digest the digest schedule when a digest failed, else null
 * @param raw the input record as text when it could not be read as a change, else null
 */
public record DeadLetter(String channel, String error, int attempts, Instant failedAt, List<Change> changes,
    DigestSchedule digest, Instant windowStart, Instant windowEnd, String raw) {
  public static final String UNREADABLE = "unreadable";

  public DeadLetter {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public static DeadLetter ofChange(String channel, Change change, Deliverer.Result result, Instant at) {
    return new DeadLetter(channel, result.error(), result.attempts(), at, List.of(change), null, null, null, null);
  }

  /** The record key: the change's {@code vendor/document}, or {@code <channel>/digest} for a digest. */
  public String key() {
    return changes.size() == 1 && digest == null ? changes.get(0).key() : channel + "/digest";
  }

  /** Whether some change of this entry has not been delivered on its channel yet. */
  public boolean pending(DeliveryLog log) {
    if (UNREADABLE.equals(channel)) {
      return false;
    }
    for (Change c : changes) {
      if (!log.contains(channel, c.changeId())) {
        return true;
      }
    }
    return false;
  }
}
