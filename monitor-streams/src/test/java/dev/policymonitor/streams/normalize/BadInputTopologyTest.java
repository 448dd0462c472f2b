package dev.policymonitor.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad snapshots give a readable extraction-failed event and the topology keeps processing the next ones. */
class BadInputTopologyTest {
  @TempDir Path stateDir;

  @Test
  void shouldEmitExtractionFailedForBadInputAndKeepProcessing() {
    try (TopologyHarness harness = new TopologyHarness(PolicyTopology.build(Clock.systemUTC()), stateDir)) {
      harness.input(Topics.TARGETS).pipeInput("acme/privacy-policy", new Target("acme", null,
          DocumentDeclaration.of("privacy-policy", "https://acme.example/privacy"), Duration.ofHours(6)));
      TestInputTopic<String, Snapshot> in = harness.input(Topics.SNAPSHOTS);
      TestOutputTopic<String, Change> out = harness.output(Topics.CHANGES);
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
