package dev.policymonitor.fetcher;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;

/** Hears of documents a fetcher has never seen before, e.g. to backfill their Wayback history. */
public interface FirstSightListener {
  FirstSightListener NONE = new FirstSightListener() {
    @Override
    public void firstSight(Target target) {}
  };

  /** {@code target} is polled by this fetcher and no snapshot of it is known yet; must not block. */
  void firstSight(Target target);

  /** {@code key} is no longer polled by this fetcher (its partition moved, or it was removed). */
  default void forgotten(PolicyKey key) {}
}
