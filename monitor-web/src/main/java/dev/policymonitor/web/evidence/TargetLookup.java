package dev.policymonitor.web.evidence;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Target;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.web.StoreAccess;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A tracked document's target (its URL and extraction rules, with their history) as {@code policy-targets} holds it. */
@FunctionalInterface
public interface TargetLookup {
  Optional<Target> target(String documentKey);

  /**
   * The streams service's global store of targets (every instance holds all of them); nothing when the topology has
   * no such store (a test topology of the query views alone).
   */
  static TargetLookup of(StoreAccess stores) {
    return key -> {
      ReadOnlyKeyValueStore<String, PlacedTarget> targets = stores.store(PolicyTopology.TARGETS_STORE);
      return targets == null ? Optional.empty() : Optional.ofNullable(targets.get(key)).map(PlacedTarget::target);
    };
  }
}
