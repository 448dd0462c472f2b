package dev.policymonitor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 4: a three-node KRaft cluster (three broker processes; topics replicated three times,
 * {@code min.insync.replicas=2}); three times a broker, chosen at random, is killed with SIGKILL mid-run and comes back
 * 10-20 s later, while the services run on untouched (never restarted). Replay a run with {@code -Dfaults.seed=N}; logs in
 * {@code target/faults/cluster}.
 */
class ThreeBrokerFaultsTest {
  @Test
  void shouldLoseAndDuplicateNothingWhenBrokersOfTheClusterAreKilledAndComeBack() throws Exception {
    long seed = FaultRun.seed();
    System.out.println("faults (three brokers): seed=" + seed + " (replay: ./mvnw -Pfaults verify -Dfaults.seed="
        + seed + ")");
    FaultRun.Result result = new FaultRun(new FaultRun.Plan(3, 100, 10, 0, 3), seed,
        Path.of(System.getProperty("faults.dir", "target/faults"), "cluster")).run();
    System.out.println(result.line());
    System.out.println("faults (three brokers): wall time " + result.wallTime().toSeconds() + " s; "
        + result.tally().details() + "; " + result.faults() + "; replicas " + result.replication());

    assertThat(result.tally().lost()).as(result.tally().details()).isZero();
    assertThat(result.tally().duplicated()).as(result.tally().details()).isZero();
    assertThat(result.tally().changes()).isGreaterThanOrEqualTo(1000);
    assertThat(result.kills()).isGreaterThanOrEqualTo(3);
    assertThat(result.restarts()).isEqualTo(result.kills()); // only brokers came back: no service restarted
    // every topic, the pipeline's, Kafka Streams' internal ones and Kafka's own, on all three brokers
    assertThat(result.replication()).containsEntry("policy-changes", 3).containsEntry("policy-snapshots", 3)
        .containsEntry("__transaction_state", 3).containsEntry("min.insync.replicas", 2).hasSizeGreaterThan(12);
    assertThat(result.replication().entrySet()).filteredOn(e -> !e.getKey().equals("min.insync.replicas"))
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(3));
  }
}
