package dev.policymonitor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 1: one broker process, the fetcher, streams and alerts as processes of their own; each service is
 * killed with SIGKILL twice and the broker once, at random moments, while 100 documents gain 11 numbered clauses each
 * (1,100 changes). Replay a run with {@code -Dfaults.seed=N}; logs in {@code target/faults/single}.
 */
class SingleBrokerFaultsTest {
  @Test
  void shouldDeliverEveryChangeExactlyOnceThroughKillsOfEveryServiceAndABrokerRestart() throws Exception {
    long seed = FaultRun.seed();
    System.out.println("faults (single broker): seed=" + seed + " (replay: ./mvnw -Pfaults verify -Dfaults.seed=" + seed
        + ")");
    FaultRun.Result result = new FaultRun(new FaultRun.Plan(1, 100, 11, 2, 1), seed,
        Path.of(System.getProperty("faults.dir", "target/faults"), "single")).run();
    System.out.println(result.line());
    System.out.println("faults (single broker): wall time " + result.wallTime().toSeconds() + " s; "
        + result.tally().details() + "; " + result.faults());

    assertThat(result.tally().lost()).as(result.tally().details()).isZero();
    assertThat(result.tally().duplicated()).as(result.tally().details()).isZero();
    assertThat(result.tally().changes()).isGreaterThanOrEqualTo(1000);
    assertThat(result.kills()).isGreaterThanOrEqualTo(3);
  }
}
