package dev.policymonitor.streams.detection;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.streams.evaluate.LabelledHistory;
import dev.policymonitor.testing.TopologyHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;

/**
 * Replays a {@link LabelledHistory} through the production topology with generic extraction (no declaration) and
 * compares each capture's events with its label ({@link LabelledHistory.Capture#satisfiedBy}).
 */
final class LabelledHistoryReplay {
  private LabelledHistoryReplay() {}

  /** What one capture gave, and whether that is what its label asks for. */
  record Outcome(LabelledHistory.Capture capture, List<Change> changes, boolean ok) {
    List<ChangeKind> kinds() {
      return changes.stream().map(Change::kind).toList();
    }

    @Override
    public String toString() {
      return capture.name() + " (" + capture.expected()
          + (capture.expectedFlags() == null ? "" : ", flags " + capture.expectedFlags()) + "): got " + kinds()
          + (changes.isEmpty() ? "" : " flags " + changes.get(changes.size() - 1).flags() + " "
              + changes.get(changes.size() - 1).reasons());
    }
  }

  static List<Outcome> replay(LabelledHistory history, Path stateDir) {
    String vendor = history.dir().getFileName().toString();
    String url = "https://policies.example/" + vendor + "/privacy";
    Map<Instant, List<Change>> seen = new LinkedHashMap<>();
    try (TopologyHarness harness = new TopologyHarness(PolicyTopology.build(Clock.systemUTC()), stateDir)) {
      // Tracked without a declaration: generic extraction.
      Target target = new Target(vendor, null, DocumentDeclaration.of("privacy-policy", url), Duration.ofHours(6));
      harness.input(Topics.TARGETS).pipeInput(target.key().toString(), target);
      TestInputTopic<String, Snapshot> in = harness.input(Topics.SNAPSHOTS);
      TestOutputTopic<String, Change> out = harness.output(Topics.CHANGES);
      for (LabelledHistory.Capture c : history.captures()) {
        Snapshot s = new Snapshot(vendor, "privacy-policy", url, SnapshotSource.IMPORT, c.capturedAt(),
            c.capturedAt(), 200, c.mediaType(), c.charset(), null, Files.readAllBytes(c.file()));
        in.pipeInput(s.key().toString(), s, c.capturedAt());
        for (Change change : out.readValuesToList()) {
          seen.computeIfAbsent(change.capturedAt(), k -> new ArrayList<>()).add(change);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (LabelledHistory.Capture c : history.captures()) {
      List<Change> changes = seen.getOrDefault(c.capturedAt(), List.of());
      outcomes.add(new Outcome(c, changes, c.satisfiedBy(changes)));
    }
    return outcomes;
  }
}
