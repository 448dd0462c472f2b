package dev.policymonitor.alerts.digest;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ReviewState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes one channel collected during one digest window, sent as one message.
 *
 * @param reviews the review state of each change (by change id) when the digest is sent; empty when not known
 *     (a digest re-sent from the dead-letter queue)
 */
public record Digest(String channel, DigestSchedule schedule, Instant windowStart, Instant windowEnd,
    List<Change> changes, Map<String, ReviewState> reviews) {
  public Digest {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(schedule, "schedule");
    changes = List.copyOf(changes);
    reviews = reviews == null ? Map.of() : Map.copyOf(reviews);
  }

  /** A digest whose changes' review states are not known. */
  public Digest(String channel, DigestSchedule schedule, Instant windowStart, Instant windowEnd,
      List<Change> changes) {
    this(channel, schedule, windowStart, windowEnd, changes, Map.of());
  }

  /** A stable id of this digest, used for logs and dead letters: {@code <channel>/digest-<windowStart>}. */
  public String id() {
    return channel + "/digest-" + windowStart;
  }

  /** The review state of one of its changes when the digest was sent, if known. */
  public Optional<ReviewState> review(Change change) {
    return Optional.ofNullable(reviews.get(change.changeId()));
  }
}
