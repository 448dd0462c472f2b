package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Digests;
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

/** The snapshot digest (base32 SHA-1 of the body), the only per-check work of an unchanged page besides HTTP. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DigestBenchmark {
  @Param({"html-generic-18k", "html-generic-280k"})
  public String kind;

  private byte[] body;

  @Setup
  public void setUp() {
    body = Inputs.page(kind).body();
  }

  @Benchmark
  public String digest() {
    return Digests.sha1Base32(body);
  }
}
