package dev.policymonitor.alerts.routing;

import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ReviewState;
import java.util.List;

/**
 * What the {@link AlertRouter} knows of the past: which change each channel already got, the changes waiting for a
 * digest, and where each change stands in its team's review. In-memory lookups only; the service backs them with
 * compacted topics read as tables, tests with plain maps.
 */
public interface AlertState {
  boolean delivered(String channel, String changeId);

  List<DigestItem> waitingForDigest();

  /** The change's review state as last read ({@link ReviewState#NEW} when nobody reviewed it). */
  ReviewState reviewState(Change change);
}
