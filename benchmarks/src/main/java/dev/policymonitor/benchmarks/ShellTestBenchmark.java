package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.normalize.Normalizer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fetcher's JavaScript-shell test ({@link Normalizer#isJavaScriptShell}), which it runs on every new plain page
 * (a noisy page is new on every check) to decide whether to render it in a browser.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShellTestBenchmark {
  @Param({"html-generic-18k", "html-generic-50k", "html-generic-280k"})
  public String kind;

  private Snapshot snapshot;

  @Setup
  public void setUp() {
    snapshot = Inputs.page(kind).snapshot(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Benchmark
  public boolean shellTest() {
    return Normalizer.isJavaScriptShell(snapshot.body(), snapshot.contentType(), snapshot.charset(), snapshot.url());
  }
}
