package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void shouldReportFiguresAndOnlyTheRealChangesOfTheBenchmarkCaptures() {
    assertThat(cli.run("bench", "--documents", "3", "--snapshots", "5", "--warmup", "0")).isZero();

    assertThat(cli.out())
        .contains("bench: 3 documents x 5 snapshots = 15 snapshots")
        .containsPattern("bench: [0-9.]+ snapshots/s")
        .containsPattern("per snapshot p50 [0-9.]+ ms")
        // 3 firsts and 2 real edits per document; the noise captures in between stay silent.
        .contains("bench: events {changed=6, first=3} (expected: first 3, changed 6, noise silent)");
  }

  @Test
  void shouldRejectTooFewSnapshots() {
    assertThat(cli.run("bench", "--snapshots", "1")).isEqualTo(2);
    assertThat(cli.err()).contains("--snapshots >= 2");
  }
}
