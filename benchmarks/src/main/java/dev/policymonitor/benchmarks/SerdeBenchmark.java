package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.Capture;
import dev.policymonitor.streams.ChangeDetection;
import dev.policymonitor.streams.ChangeFactory;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips (serialize then deserialize) through the topics' serdes: a {@link Snapshot} of an 18 KB page (in its
 * binary form, {@code snapshot}, and in the JSON form with the body in Base64 that the topic used before,
 * {@code snapshotJson}, for comparison), the {@link Version} read from it and the {@link Change} of a one-sentence
 * edit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {
  private static final Serde<Snapshot> JSON_SNAPSHOT = new JsonSerde<>(Snapshot.class);
  private Snapshot snapshot;
  private Version version;
  private Change change;

  @Setup
  public void setUp() {
    ChangeDetection detection = new ChangeDetection(ChangeDetection.Extractor.of(new Normalizer()),
        new ChangeFactory(new VersionDiffer(), new ChangeClassifier(), Clock.systemUTC()),
        DetectionSettings.defaults());
    MemoryState state = new MemoryState();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    String html = new String(Inputs.page("html-generic-18k").body(), StandardCharsets.UTF_8);
    snapshot = new Inputs.Page("seed", html.getBytes(StandardCharsets.UTF_8), "text/html", null).snapshot(at);
    state.apply(detection.detect(state, Capture.of(snapshot, null)).update());
    version = state.latest();
    Snapshot edited = new Inputs.Page("seed", Inputs.htmlEdit(html, 1).getBytes(StandardCharsets.UTF_8), "text/html", null).snapshot(at.plusSeconds(3600));
    change = detection.detect(state, Capture.of(edited, null)).changes().get(0);
  }

  @Benchmark
  public Snapshot snapshot() {
    return roundTrip(Topics.SNAPSHOTS.valueSerde(), Topics.SNAPSHOTS.name(), snapshot);
  }

  @Benchmark
  public Snapshot snapshotJson() {
    return roundTrip(JSON_SNAPSHOT, Topics.SNAPSHOTS.name(), snapshot);
  }

  @Benchmark
  public Version version() {
    return roundTrip(Topics.VERSIONS.valueSerde(), Topics.VERSIONS.name(), version);
  }

  @Benchmark
  public Change change() {
    return roundTrip(Topics.CHANGES.valueSerde(), Topics.CHANGES.name(), change);
  }

  private static <T> T roundTrip(Serde<T> serde, String topic, T value) {
    return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, value));
  }
}
