package dev.policymonitor.model;

import java.util.Objects;

/**
 * A target as read from one partition of {@code policy-targets}, and the rule that turns the topic back into one
 * target per document. The topic is partitioned by host for the fetchers (all documents of a host on one
 * partition), so a document's key can appear in several partitions: each write of a target tombstones the key in
 * every other partition, so that a URL that moved to another host leaves no stale copy behind. A reader of the
 * whole topic sees partitions in no particular order, so
 * <ul>
 *   <li>a tombstone removes only a target read from the same partition (a tombstone elsewhere is the clean-up of an
 *       older copy);</li>
 *   <li>a target replaces one read from the same partition, or one written no later (record timestamps) in
 *       another partition.</li>
 * </ul>
 * Read to its end, the topic then gives each document's newest target, or none after a removal (every partition
 * ends with a tombstone), as long as the writers' clocks agree to within the time between two writes of a document.
 *
 * @param partition the partition the target was read from
 * @param timestamp the record timestamp (ms)
 */
public record PlacedTarget(int partition, long timestamp, Target target) {
  public PlacedTarget {
    Objects.requireNonNull(target, "target");
  }

  /**
   * What a reader keeps for a key after reading {@code value} (null for a tombstone) from {@code partition} at
   * {@code timestamp}, when it kept {@code kept} (null for nothing) before; null means nothing.
   */
  public static PlacedTarget merge(PlacedTarget kept, int partition, long timestamp, Target value) {
    if (value == null) {
      return kept != null && kept.partition() == partition ? null : kept;
    }
    if (kept == null || kept.partition() == partition || timestamp >= kept.timestamp()) {
      return new PlacedTarget(partition, timestamp, value);
    }
    return kept;
  }
}
