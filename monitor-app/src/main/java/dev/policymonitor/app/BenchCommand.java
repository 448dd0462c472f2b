package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.PolicyTopology;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor bench}: how fast the production topology turns snapshots into changes on this machine.
 *
 * <p>It runs {@link PolicyTopology} broker-less (as {@code replay} does) over the five seed policies, copied to
 * {@code --documents} documents with {@code --snapshots} captures each. Captures alternate between noise (the
 * page's HTML changes, its text does not: a new cache-busting query and a tracking parameter) and a real edit (one
 * sentence added), so both the silent path and the diff-and-classify path are measured. It prints throughput,
 * per-snapshot latency percentiles, the events by kind and the heap in use afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the topology's throughput and latency (normalize, diff, classify) on the seed "
        + "policies, without a broker, and print the figures.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--documents", paramLabel = "N", defaultValue = "50",
      description = "Documents, each a copy of one of the five seed policies (default: ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--snapshots", paramLabel = "N", defaultValue = "20",
      description = "Captures per document; every other one is noise (default: ${DEFAULT-VALUE}).")
  int snapshots;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
      description = "Snapshots processed first and not measured, so the JIT has warmed up (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (documents < 1 || snapshots < 2 || warmup < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--documents must be >= 1, --snapshots >= 2 and --warmup >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> seeds = new ArrayList<>(DemoSite.seedPages().values());
    Path stateDir = Files.createTempDirectory("policy-monitor-bench");
    try (TopologyTestDriver driver = new TopologyTestDriver(PolicyTopology.build(Clock.systemUTC()),
        ReplayCommand.props(stateDir))) {
      TestInputTopic<String, Target> targets = driver.createInputTopic(Topics.TARGETS.name(),
          Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer());
      int warmupDocuments = Math.max(1, Math.min(documents, (warmup + snapshots - 1) / snapshots));
      // Every document is tracked (no selectors): its snapshots go straight to change detection.
      for (int d = 0; d < Math.max(documents, warmupDocuments); d++) {
        for (String vendor : List.of("bench-" + d, "warmup-" + d)) {
          Snapshot s = snapshot(vendor, seeds.get(0), 0, Instant.EPOCH);
          targets.pipeInput(s.key().toString(), new Target(vendor, null,
              DocumentDeclaration.of(s.document(), s.url()), VendorsConfig.DEFAULT_POLL_INTERVAL));
        }
      }
      TestInputTopic<String, Snapshot> in = driver.createInputTopic(Topics.SNAPSHOTS.name(),
          Topics.SNAPSHOTS.keySerde().serializer(), Topics.SNAPSHOTS.valueSerde().serializer());
      TestOutputTopic<String, Change> changes = driver.createOutputTopic(Topics.CHANGES.name(),
          Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer());

      run(in, changes, seeds, warmupDocuments, "warmup-");
      int total = documents * snapshots;
      long[] nanos = new long[total];
      long bytes = 0;
      Map<String, Integer> kinds = new TreeMap<>();
      Instant base = Instant.parse("2026-01-01T00:00:00Z");
      long started = System.nanoTime();
      int n = 0;
      for (int version = 0; version < snapshots; version++) {
        for (int d = 0; d < documents; d++) {
          Snapshot s = snapshot("bench-" + d, seeds.get(d % seeds.size()), version, base.plus(Duration.ofHours(version)));
          bytes += s.body().length;
          long t0 = System.nanoTime();
          in.pipeInput(s.key().toString(), s, s.capturedAt());
          nanos[n++] = System.nanoTime() - t0;
          for (Change c : changes.readValuesToList()) {
            kinds.merge(c.kind().wire(), 1, Integer::sum);
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Arrays.sort(nanos);
      System.gc();
      long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      out.printf("bench: %d documents x %d snapshots = %d snapshots (%.1f MiB of HTML), warmup %d%n",
          documents, snapshots, total, bytes / 1048576.0, warmup);
      out.printf("bench: %.1f snapshots/s, %.1f MiB/s of HTML, %.2f s in all%n", total / seconds,
          bytes / 1048576.0 / seconds, seconds);
      out.printf("bench: per snapshot p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(nanos, 0.50),
          ms(nanos, 0.90), ms(nanos, 0.99), nanos[total - 1] / 1e6);
      out.printf("bench: events %s (expected: first %d, changed %d, noise silent)%n", kinds, documents,
          documents * ((snapshots - 1) / 2));
      out.printf("bench: heap in use after GC %d MiB (max %d MiB)%n", heapMiB, Runtime.getRuntime().maxMemory() >> 20);
      out.flush();
    } finally {
      ReplayCommand.deleteRecursively(stateDir);
    }
    return 0;
  }

  private void run(TestInputTopic<String, Snapshot> in, TestOutputTopic<String, Change> changes, List<String> seeds,
      int docs, String prefix) {
    Instant base = Instant.parse("2025-01-01T00:00:00Z");
    for (int version = 0; version < snapshots; version++) {
      for (int d = 0; d < docs; d++) {
        Snapshot s = snapshot(prefix + d, seeds.get(d % seeds.size()), version, base.plus(Duration.ofHours(version)));
        in.pipeInput(s.key().toString(), s, s.capturedAt());
      }
    }
    changes.readValuesToList();
  }

  /**
   * Capture {@code version} of a document: every capture changes the HTML (noise); versions 2, 4, ... also add
   * a sentence, so a document of {@code n} captures has one {@code first} and {@code (n - 1) / 2} real changes.
   */
  static Snapshot snapshot(String vendor, String seedPage, int version, Instant at) {
    StringBuilder added = new StringBuilder();
    for (int edit = 1; edit <= version / 2 * 2; edit += 2) {
      added.append("<p>Amendment ").append(edit).append(": we may keep your data for ").append(edit * 10)
          .append(" more days.</p>");
    }
    String noise = "<a href=\"/assets/app.js?" + (1_700_000_000_000L + version) + "&utm_source=v" + version
        + "\">app</a>";
    String html = seedPage.replace("</article>", added + "</article>").replace("<nav>", "<nav>" + noise);
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    return new Snapshot(vendor, "privacy-policy", "https://" + vendor + ".example/privacy", SnapshotSource.LIVE, at,
        at, 200, "text/html", "utf-8", null, body);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
