package dev.policymonitor.alerts.digest;

import dev.policymonitor.model.Change;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The changes one channel collected during one digest window, sent as one message. */
public record Digest(String channel, DigestSchedule schedule, Instant windowStart, Instant windowEnd,
    List<Change> changes) {
  public Digest {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(schedule, "schedule");
    changes = List.copyOf(changes);
  }

  /** A stable id of this digest, used for logs and dead letters: {@code <channel>/digest-<windowStart>}. */
  public String id() {
    return channel + "/digest-" + windowStart;
  }
}
