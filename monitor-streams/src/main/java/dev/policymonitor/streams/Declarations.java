package dev.policymonitor.streams;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The extraction rules of each document, as valid at a capture time (OTA history files give older rules
 * for older captures).
 */
public interface Declarations {

  /** The rules for {@code key} valid at {@code capturedAt}; empty means generic extraction. */
  Optional<DocumentDeclaration> forKey(PolicyKey key, Instant capturedAt);

  /** No rules for any document: generic main-content extraction everywhere. */
  static Declarations none() {
    return (key, at) -> Optional.empty();
  }

  /** The rules of a vendors configuration, valid at any time. */
  static Declarations of(VendorsConfig config) {
    Map<PolicyKey, DocumentDeclaration> byKey = new HashMap<>();
    for (Target t : config.targets()) {
      byKey.put(t.key(), t.declaration());
    }
    return (key, at) -> Optional.ofNullable(byKey.get(key));
  }
}
