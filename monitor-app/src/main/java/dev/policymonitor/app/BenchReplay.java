package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.DetectionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replay throughput for {@code bench}: {@code policy-snapshots} of a throw-away broker is filled first with the
 * captures of {@code documents} documents ({@link BenchPages}: new noise in each, a real edit in one of every
 * {@code editEvery}, as a history import brings them), then the production topology is started ({@link LocalTopology}, as {@code replay} runs it)
 * and timed until it has committed past the last capture.
 */
final class BenchReplay {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  /** What the replay did and cost. */
  record Result(int snapshots, int documents, long bytes, double wallSeconds, double cpuSeconds,
      Map<String, Integer> events, long streamsDisk) {
    double perSecond() {
      return snapshots / wallSeconds;
    }

    double cpuMsPerSnapshot() {
      return cpuSeconds * 1000 / snapshots;
    }
  }

  private BenchReplay() {}

  /**
   * Replays {@code snapshots} captures spread over {@code documents} documents, a real edit in one capture of every
   * {@code editEvery} of a document.
   */
  static Result run(BenchPages pages, int snapshots, int documents, int editEvery) {
    int perDocument = Math.max(1, snapshots / documents);
    List<Target> targets = new ArrayList<>();
    for (int d = 0; d < documents; d++) {
      String vendor = "replay-" + d;
      targets.add(new Target(vendor, null, DocumentDeclaration.of("privacy-policy", url(vendor)),
          VendorsConfig.DEFAULT_POLL_INTERVAL));
    }
    long[] bytes = {0};
    try (LocalTopology topology = LocalTopology.start(targets, DetectionSettings.defaults(), t -> {
      for (int version = 0; version < perDocument; version++) {
        for (int d = 0; d < documents; d++) {
          Snapshot s = capture(pages, "replay-" + d, d, version, editEvery);
          bytes[0] += s.body().length;
          t.send(s);
        }
      }
    })) {
      long cpu0 = PhaseMeter.processCpuNanos();
      topology.awaitProcessed(n -> { });
      double wall = (System.nanoTime() - topology.startedNanos()) / 1e9;
      double cpu = (PhaseMeter.processCpuNanos() - cpu0) / 1e9;
      Map<String, Integer> kinds = new TreeMap<>();
      for (Change c : topology.changes()) {
        kinds.merge(c.kind().wire(), 1, Integer::sum);
      }
      return new Result(perDocument * documents, documents, bytes[0], wall, cpu, kinds,
          PhaseMeter.diskBytes(topology.streamsDir()));
    }
  }

  /** Capture {@code version} of a document: new noise every time, a new sentence every {@code editEvery}-th time. */
  static Snapshot capture(BenchPages pages, String vendor, int document, int version, int editEvery) {
    Instant at = BASE.plus(Duration.ofHours(version));
    byte[] body = pages.page(document % pages.seeds(), version, version / editEvery);
    return new Snapshot(vendor, "privacy-policy", url(vendor), SnapshotSource.IMPORT, at, at, 200, "text/html",
        "utf-8", null, body);
  }

  private static String url(String vendor) {
    return "https://" + vendor + ".example/privacy";
  }
}
