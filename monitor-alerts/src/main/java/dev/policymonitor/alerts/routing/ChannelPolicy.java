package dev.policymonitor.alerts.routing;

import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import java.util.List;

/** What one channel receives: the changes matching any of its routes, one by one or as a digest. */
public record ChannelPolicy(String channel, List<Route> routes, DigestSchedule digest) {
  public ChannelPolicy {
    routes = List.copyOf(routes);
    digest = digest == null ? DigestSchedule.NONE : digest;
  }

  public boolean accepts(Change change) {
    for (Route r : routes) {
      if (r.matches(change)) {
        return true;
      }
    }
    return false;
  }
}
