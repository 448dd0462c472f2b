package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.testing.TopologyHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live page that took a much shorter shape and kept its bytes: the fetcher publishes nothing more, so the
 * detector's wall-clock scan accepts the shape a day after it first saw it.
 */
class BaselineRecoveryTopologyTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final String KEPT = "<p>We collect your name and email address when you create an account.</p>"
      + "<p>We do not sell your personal information to anyone.</p>";
  private static final String CUT = "<p>We keep server logs for 30 days and then delete them.</p>"
      + "<p>You can ask us to delete your account at any time by writing to privacy@acme.example.</p>"
      + "<p>We transfer data to our offices in the United States under standard contractual clauses.</p>"
      + "<p>Our support staff can read your messages to answer your questions.</p>";

  @TempDir Path stateDir;

  private static Snapshot snapshot(String body, Instant at) {
    return new Snapshot(KEY.vendor(), KEY.document(), URL, SnapshotSource.LIVE, at, at, 200, "text/html", "UTF-8",
        null, ("<html lang=\"en\"><body><h1>Privacy Policy</h1>" + body + "</body></html>")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldAcceptAPersistingShapeOfALivePageByTheWallClockScan() {
    MutableClock clock = new MutableClock(TopologyHarness.START);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StreamsMetrics metrics = new StreamsMetrics();
    metrics.bindTo(registry);
    try (TopologyHarness harness = new TopologyHarness(PolicyTopology.build(DetectionSettings.defaults(), metrics,
        clock), stateDir)) {
      harness.input(Topics.TARGETS).pipeInput(KEY.toString(), new Target(KEY.vendor(), null,
          DocumentDeclaration.of(KEY.document(), URL), Duration.ofHours(6)));
      TestInputTopic<String, Snapshot> snapshots = harness.input(Topics.SNAPSHOTS);
      TestOutputTopic<String, Change> changes = harness.output(Topics.CHANGES);
      TestOutputTopic<String, Version> versions = harness.output(Topics.VERSIONS);
      Instant t0 = TopologyHarness.START.minus(Duration.ofDays(10));
      Instant halvedAt = TopologyHarness.START;

      snapshots.pipeInput(KEY.toString(), snapshot(KEPT + CUT, t0));
      snapshots.pipeInput(KEY.toString(), snapshot(KEPT, halvedAt));
      assertThat(changes.readValuesToList()).extracting(Change::kind)
          .containsExactly(ChangeKind.FIRST, ChangeKind.EXTRACTION_FAILED);
      versions.readValuesToList();

      clock.advance(Duration.ofHours(23));
      harness.advanceWallClockTime(Duration.ofHours(23));
      // The scan ran (the wall clock passed many scan periods) and left the shape pending.
      KeyValueStore<String, DocumentHistory> history = harness.store(PolicyTopology.HISTORY_STORE);
      assertThat(history.get(KEY.toString()).pending()).isNotNull();
      assertThat(changes.isEmpty()).isTrue();

      clock.advance(Duration.ofHours(1));
      harness.advanceWallClockTime(ChangeDetector.PENDING_SCAN);

      List<Change> accepted = changes.readValuesToList();
      assertThat(accepted).singleElement().satisfies(c -> {
        assertThat(c.kind()).isEqualTo(ChangeKind.CHANGED);
        assertThat(c.flags()).contains(ChangeFlag.MAJOR_REWRITE);
        assertThat(c.capturedAt()).isEqualTo(halvedAt);
        assertThat(c.previousCapturedAt()).isEqualTo(t0);
        assertThat(c.removed()).contains("We keep server logs for 30 days and then delete them.");
        assertThat(c.rewrite().confirmedAt()).isEqualTo(clock.instant());
      });
      assertThat(versions.readValuesToList()).singleElement().extracting(Version::capturedAt).isEqualTo(halvedAt);
      KeyValueStore<String, Version> latest = harness.store(PolicyTopology.LATEST_VERSION_STORE);
      assertThat(latest.get(KEY.toString()).capturedAt()).isEqualTo(halvedAt);
      assertThat(history.get(KEY.toString()).pending()).isNull();
      assertThat(registry.get("policy.changes").tag("kind", "changed").counter().count()).isEqualTo(1);
    }
  }
}
