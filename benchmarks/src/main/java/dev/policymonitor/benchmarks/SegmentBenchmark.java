package dev.policymonitor.benchmarks;

import dev.policymonitor.streams.diff.SentenceSegmenter;
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

/** A version text split into blocks and sentences (what the differ does to each side's changed blocks). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentBenchmark {
  /** {@code seed-16k}: the corero seed's text; {@code ota-45k}: a GitHub version of Open Terms Archive. */
  @Param({"seed-16k", "ota-45k"})
  public String text;

  private final SentenceSegmenter segmenter = new SentenceSegmenter();
  private String input;

  @Setup
  public void setUp() {
    input = text.equals("seed-16k") ? Inputs.seedText("corero-2018-10-28.md")
        : Inputs.otaVersion("github", "20240203T003002Z.md");
  }

  @Benchmark
  public int segment() {
    int sentences = 0;
    for (SentenceSegmenter.Block block : segmenter.blocks(input)) {
      sentences += segmenter.sentences(block).size();
    }
    return sentences;
  }
}
