package dev.policymonitor.alerts.digest;

import dev.policymonitor.model.Change;
import java.time.Instant;

/** One change waiting in a channel's digest window, as kept in {@code policy-alerts-digest}. */
public record DigestItem(String channel, DigestSchedule schedule, Instant windowStart, Instant windowEnd,
    Change change) {

  /** The record key: {@code <channel>/<changeId>}, so re-adding the same change replaces it. */
  public String key() {
    return key(channel, change.changeId());
  }

  public static String key(String channel, String changeId) {
    return channel + "/" + changeId;
  }
}
