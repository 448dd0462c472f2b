package dev.policymonitor.benchmarks;

import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.Cosmetic;
import dev.policymonitor.streams.diff.TextDiff;
import dev.policymonitor.streams.diff.VersionDiffer;
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
 * Diffing two version texts, classifying the diff, and the cosmetic check that precedes classification:
 * {@code small-edit} (one sentence edited in a 16 KB seed text), {@code large-rewrite} (two real GitHub versions,
 * 62 KB then 45 KB) and {@code unrelated} (two different seed policies: the differ's worst case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiffBenchmark {
  @Param({"small-edit", "large-rewrite", "unrelated"})
  public String edit;

  private final VersionDiffer differ = new VersionDiffer();
  private final ChangeClassifier classifier = new ChangeClassifier();
  private String before;
  private String after;
  private TextDiff diff;

  @Setup
  public void setUp() {
    switch (edit) {
      case "small-edit" -> {
        before = Inputs.seedText("corero-2018-10-28.md");
        after = Inputs.smallEdit(before);
      }
      case "large-rewrite" -> {
        before = Inputs.otaVersion("github", "20231206T003002Z.md");
        after = Inputs.otaVersion("github", "20240203T003002Z.md");
      }
      case "unrelated" -> {
        before = Inputs.seedText("corero-2018-10-28.md");
        after = Inputs.seedText("alienvault-2015-06-26.md");
      }
      default -> throw new IllegalArgumentException(edit);
    }
    diff = differ.diff(before, after);
  }

  @Benchmark
  public TextDiff diff() {
    return differ.diff(before, after);
  }

  @Benchmark
  public Object classify() {
    return classifier.classify(diff);
  }

  @Benchmark
  public boolean cosmetic() {
    return Cosmetic.equivalent(before, after);
  }
}
