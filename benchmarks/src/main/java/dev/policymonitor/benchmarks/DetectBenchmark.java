package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.Capture;
import dev.policymonitor.streams.ChangeDetection;
import dev.policymonitor.streams.ChangeFactory;
import dev.policymonitor.streams.Detection;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * The whole change detection of one capture (the pure core the streams processor runs, stores in memory) against a
 * document whose latest version is an 18 KB seed page with a script: {@code same-bytes} (the bytes of the latest
 * version), {@code noise} (the HTML differs, the text does not: the script's cache-busting URL; known by its markup
 * digest), {@code edit} (one sentence added: normalize, diff, cosmetic check, classify, build the change).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectBenchmark {
  @Param({"same-bytes", "noise", "edit"})
  public String capture;

  private final ChangeDetection detection = new ChangeDetection(ChangeDetection.Extractor.of(new Normalizer()),
      new ChangeFactory(new VersionDiffer(), new ChangeClassifier(), Clock.systemUTC()), DetectionSettings.defaults());
  private final MemoryState state = new MemoryState();
  private Capture next;

  @Setup
  public void setUp() {
    String html = new String(Inputs.page("html-generic-18k").body(), StandardCharsets.UTF_8);
    Snapshot first = snapshot(Inputs.htmlNoise(html, 0), Instant.parse("2026-01-01T00:00:00Z"));
    Detection d = detection.detect(state, Capture.of(first, null));
    state.apply(d.update());
    Instant later = Instant.parse("2026-01-01T06:00:00Z");
    next = Capture.of(switch (capture) {
      case "same-bytes" -> snapshot(Inputs.htmlNoise(html, 0), later);
      case "noise" -> snapshot(Inputs.htmlNoise(html, 1), later);
      case "edit" -> snapshot(Inputs.htmlNoise(Inputs.htmlEdit(html, 1), 0), later);
      default -> throw new IllegalArgumentException(capture);
    }, null);
  }

  private static Snapshot snapshot(String html, Instant at) {
    return new Snapshot("bench", "privacy-policy", Inputs.URL, SnapshotSource.LIVE, at, at, 200, "text/html", "utf-8",
        null, html.getBytes(StandardCharsets.UTF_8));
  }

  @Benchmark
  public Detection detect() {
    return detection.detect(state, next);
  }
}
