package dev.policymonitor.testing;

import dev.policymonitor.model.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A topology in a {@link TopologyTestDriver} (no broker), with input and output topics made from the project's
 * {@link Topic}s and their serdes. The driver's wall clock starts at {@link #START} and moves only on
 * {@link #advanceWallClockTime}. Tests only: production code never runs a topology this way.
 */
public final class TopologyHarness implements AutoCloseable {
  /** The driver's wall-clock time at start. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final TopologyTestDriver driver;

  /** @param stateDir where the topology's stores live (a JUnit {@code @TempDir}) */
  public TopologyHarness(Topology topology, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-harness");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props, START);
  }

  public <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  public <V> KeyValueStore<String, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  /** Moves the wall clock, running the wall-clock punctuations that fall due. */
  public void advanceWallClockTime(Duration d) {
    driver.advanceWallClockTime(d);
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.close();
  }
}
