package dev.policymonitor.alerts.routing;

import dev.policymonitor.alerts.digest.DigestItem;
import java.util.List;

/**
 * What the {@link AlertRouter} knows of the past: which change each channel already got, and the changes waiting
 * for a digest. In-memory lookups only; the service backs them with its compacted topics, tests with plain maps.
 */
public interface AlertState {
  boolean delivered(String channel, String changeId);

  List<DigestItem> waitingForDigest();
}
