package dev.policymonitor.web.evidence;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Target;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.web.StoreAccess;
import java.util.Optional;

/** A tracked document's target (its URL and extraction rules, with their history) as {@code policy-targets} holds it. */
@FunctionalInterface
public interface TargetLookup {
  Optional<Target> target(String documentKey);

  /** The streams service's global store of targets (every instance holds all of them). */
  static TargetLookup of(StoreAccess stores) {
    return key -> Optional.ofNullable(stores.<PlacedTarget>store(PolicyTopology.TARGETS_STORE).get(key))
        .map(PlacedTarget::target);
  }
}
