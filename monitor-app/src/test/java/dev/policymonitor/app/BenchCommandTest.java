package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void shouldRunEveryPhaseOnTheRealPipelineAndEndWithTheMachineReadableLine() {
    assertThat(cli.run("bench", "--documents", "10", "--cycles", "1", "--latency-samples", "2", "--idle-seconds", "0",
        "--replay-snapshots", "40", "--partitions", "2")).as(cli.err()).isZero();

    String out = cli.out();
    // phase, cycles, checks, answers 200, answers 304 ... alerts: what the local site served and what was alerted
    assertThat(out)
        .containsPattern("(?m)^first +1 +10 +10 +0 ")
        .containsPattern("(?m)^no-change +1 +10 +0 +10 ")
        .containsPattern("(?m)^noise +1 +10 +10 +0 ")
        // one document in ten edited: one alert
        .containsPattern("(?m)^edits +1 +10 +1 +9 .* 1 +\\d+ +\\d+ ")
        .containsPattern("(?m)^live +2 +2 +2 +0 .* 2 +\\d+ +\\d+ ")
        .contains("politeness lifted for the local site")
        // 2 documents x 20 captures, every other one a real edit
        .contains("bench: replay: 40 snapshots (2 documents")
        .contains("events {changed=18, first=2}")
        // where each phase's CPU went, by part of the process (on Linux, from /proc)
        .containsPattern("(?m)^bench: noise CPU by part, ms/check: monitor [0-9.]+; rocksdb [0-9.]+; broker [0-9.]+; jit [0-9.]+; "
            + "gc [0-9.]+; site [0-9.]+;$");
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).matches("documents=10 cpu-ms-per-document=[0-9.]+ p50-latency-ms=\\d+ p99-latency-ms=\\d+ "
        + "replay-snapshots-per-second=[0-9.]+ peak-rss-mb=\\d+");
  }

  @Test
  void shouldRejectAPhaseWithoutCycles() {
    assertThat(cli.run("bench", "--cycles", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("--cycles");
  }
}
