package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** policy-targets read back in any partition order gives each document's newest target. */
class PlacedTargetTest {
  private static final Target OLD_HOST = target("https://old.example/privacy");
  private static final Target NEW_HOST = target("https://new.example/privacy");

  private static Target target(String url) {
    return new Target("acme", null, DocumentDeclaration.of("privacy-policy", url), Duration.ofHours(6));
  }

  /** One record of the topic. */
  private record Written(int partition, long timestamp, Target value) {}

  /** Reads partition logs in the given order, each in offset order, as a global table restores them. */
  private static PlacedTarget read(List<List<Written>> partitions) {
    PlacedTarget kept = null;
    for (List<Written> log : partitions) {
      for (Written w : log) {
        kept = PlacedTarget.merge(kept, w.partition(), w.timestamp(), w.value());
      }
    }
    return kept;
  }

  /** Every partition order of {@code logs}, read partition by partition. */
  private static List<PlacedTarget> everyOrder(List<List<Written>> logs) {
    List<PlacedTarget> results = new ArrayList<>();
    permute(new ArrayList<>(logs), 0, results);
    return results;
  }

  private static void permute(List<List<Written>> logs, int k, List<PlacedTarget> results) {
    if (k == logs.size()) {
      results.add(read(logs));
      return;
    }
    for (int i = k; i < logs.size(); i++) {
      Collections.swap(logs, k, i);
      permute(logs, k + 1, results);
      Collections.swap(logs, k, i);
    }
  }

  @Test
  void shouldKeepTheNewTargetOfAMovedHostWhateverThePartitionOrder() {
    // Written on partition 0 at t=1 (tombstones elsewhere), then moved to partition 2 at t=5.
    List<List<Written>> logs = List.of(
        List.of(new Written(0, 1, OLD_HOST), new Written(0, 5, null)),
        List.of(new Written(1, 1, null), new Written(1, 5, null)),
        List.of(new Written(2, 1, null), new Written(2, 5, NEW_HOST)));

    assertThat(everyOrder(logs)).hasSize(6).allSatisfy(kept -> assertThat(kept.target()).isEqualTo(NEW_HOST));
  }

  @Test
  void shouldForgetARemovedTargetWhateverThePartitionOrder() {
    List<List<Written>> logs = List.of(
        List.of(new Written(0, 1, OLD_HOST), new Written(0, 5, null), new Written(0, 9, null)),
        List.of(new Written(1, 1, null), new Written(1, 5, null), new Written(1, 9, null)),
        List.of(new Written(2, 1, null), new Written(2, 5, NEW_HOST), new Written(2, 9, null)));

    assertThat(everyOrder(logs)).hasSize(6).containsOnlyNulls();
  }

  @Test
  void shouldLetATargetReplaceTheOneOfItsOwnPartitionEvenWithAnOlderTimestamp() {
    PlacedTarget kept = PlacedTarget.merge(null, 3, 100, OLD_HOST);

    assertThat(PlacedTarget.merge(kept, 3, 50, NEW_HOST).target()).isEqualTo(NEW_HOST);
    assertThat(PlacedTarget.merge(kept, 4, 50, NEW_HOST).target()).isEqualTo(OLD_HOST);
    assertThat(PlacedTarget.merge(kept, 4, 200, null)).isEqualTo(kept);
  }
}
