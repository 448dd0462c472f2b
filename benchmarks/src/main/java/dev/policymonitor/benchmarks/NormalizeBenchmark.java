package dev.policymonitor.benchmarks;

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

/** Snapshot to canonical text, per input kind and size ({@link Inputs#page}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalizeBenchmark {
  @Param({"html-generic-18k", "html-generic-50k", "html-generic-280k", "html-selectors-280k", "markdown-22k",
      "text-36k", "pdf"})
  public String kind;

  private final Normalizer normalizer = new Normalizer();
  private Inputs.Page page;
  private dev.policymonitor.model.Snapshot snapshot;

  @Setup
  public void setUp() {
    page = Inputs.page(kind);
    snapshot = page.snapshot(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Benchmark
  public String normalize() {
    return normalizer.extract(snapshot, page.declaration()).text();
  }

  /** What a page known by its markup costs: the parse and the markup digest, no extraction. */
  @Benchmark
  public java.util.Optional<String> markupDigest() {
    return normalizer.markupDigest(normalizer.page(snapshot), page.declaration());
  }
}
