package dev.policymonitor.web.vendors;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What is tracked, as the web page reads and changes it: the documents of {@code policy-targets}. Writes return
 * once the broker has them and (normally) once this instance reads them back, so a page that lists the vendors
 * right after a save sees the save.
 */
public interface TargetCatalog {
  /** Every tracked document, sorted by vendor then document. */
  List<Target> all();

  Optional<Target> get(PolicyKey key);

  /** Tracks (or replaces) documents. */
  void write(Collection<Target> targets);

  /** Untracks documents (their history stays). */
  void remove(Collection<PolicyKey> keys);
}
