package dev.policymonitor.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.streams.Declarations;
import dev.policymonitor.streams.PolicyTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad snapshots give a readable extraction-failed event and the topology keeps processing the next ones. */
class BadInputTopologyTest {
  @TempDir Path stateDir;

  @Test
  void shouldEmitExtractionFailedForBadInputAndKeepProcessing() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bad-input-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(PolicyTopology.build(Declarations.none(),
        Clock.systemUTC()), props)) {
      TestInputTopic<String, Snapshot> in = driver.createInputTopic(Topics.SNAPSHOTS.name(),
          Topics.SNAPSHOTS.keySerde().serializer(), Topics.SNAPSHOTS.valueSerde().serializer());
      TestOutputTopic<String, Change> out = driver.createOutputTopic(Topics.CHANGES.name(),
          Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());
      pipe(in, 1, "text/html", new byte[0]);
      pipe(in, 2, "text/html", "<p>a\0b</p>".getBytes(StandardCharsets.UTF_8));
      pipe(in, 3, "text/html", "<html><head><script src='/a.js'></script></head><body><div id='root'></div></body>"
          .getBytes(StandardCharsets.UTF_8));
      pipe(in, 4, "text/html", "<main><h1>Privacy</h1><p>We collect your email.</p></main>"
          .getBytes(StandardCharsets.UTF_8));
      List<Change> changes = out.readValuesToList();
      assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.EXTRACTION_FAILED,
          ChangeKind.EXTRACTION_FAILED, ChangeKind.EXTRACTION_FAILED, ChangeKind.FIRST);
      // The detector prefixes the normalizer's one-line message with what failed.
      String prefix = "extraction failed: cannot normalize: ";
      assertThat(changes.get(0).reasons()).containsExactly(prefix + "empty body: the snapshot has no bytes");
      assertThat(changes.get(1).reasons()).singleElement().asString()
          .startsWith(prefix + "binary content: NUL byte at offset 4");
      assertThat(changes.get(2).reasons()).singleElement().asString()
          .startsWith(prefix + "empty JavaScript shell page");
    }
  }

  private static void pipe(TestInputTopic<String, Snapshot> in, int day, String type, byte[] body) {
    Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * day);
    Snapshot s = new Snapshot("acme", "privacy-policy", "https://acme.example/privacy", SnapshotSource.LIVE, at, at,
        200, type, null, null, body);
    in.pipeInput(s.key().toString(), s, at);
  }
}
