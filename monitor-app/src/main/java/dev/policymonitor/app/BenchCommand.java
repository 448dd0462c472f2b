package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.DetectionSettings;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor bench}: how fast the production topology turns snapshots into changes on this machine.
 *
 * <p>It runs the production streams service on a throw-away in-process broker (as {@code replay} does, see
 * {@link LocalTopology}) over the five seed policies, copied to {@code --documents} documents with
 * {@code --snapshots} captures each. Captures alternate between noise (the page's HTML changes, its text does
 * not: a new cache-busting query and a tracking parameter) and a real edit (one sentence added), so both the
 * silent path and the diff-and-classify path are measured. Throughput: every capture sent in one batch, timed
 * until the topology has committed past the last. Latency: then one more edit per document (up to
 * {@value #LATENCY_SAMPLES}), each sent alone and timed until its change can be read (at least once, as every
 * offline run: the change is readable once the streams producer sends it). It also prints the events by kind and
 * the heap in use afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the topology's throughput and latency (normalize, diff, classify) on the seed "
        + "policies, on a temporary in-process broker, and print the figures.")
final class BenchCommand implements Callable<Integer> {
  static final int LATENCY_SAMPLES = 50;

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
  public Integer call() {
    if (documents < 1 || snapshots < 2 || warmup < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--documents must be >= 1, --snapshots >= 2 and --warmup >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> seeds = new ArrayList<>(DemoSite.seedPages().values());
    int warmupDocuments = Math.max(1, Math.min(documents, (warmup + snapshots - 1) / snapshots));
    try (LocalTopology topology = LocalTopology.start(targets(warmupDocuments), DetectionSettings.defaults())) {
      if (warmup > 0) {
        sendAll(topology, seeds, "warmup-", warmupDocuments, Instant.parse("2025-01-01T00:00:00Z"));
        topology.awaitProcessed(n -> { });
        topology.changes();
      }
      int total = documents * snapshots;
      long started = System.nanoTime();
      long bytes = sendAll(topology, seeds, "bench-", documents, Instant.parse("2026-01-01T00:00:00Z"));
      topology.awaitProcessed(n -> { });
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, Integer> kinds = new TreeMap<>();
      for (Change c : topology.changes()) {
        kinds.merge(c.kind().wire(), 1, Integer::sum);
      }
      long[] nanos = latencies(topology, seeds);
      System.gc();
      long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      out.printf(Locale.ROOT, "bench: %d documents x %d snapshots = %d snapshots (%.1f MiB of HTML), warmup %d%n",
          documents, snapshots, total, bytes / 1048576.0, warmup);
      out.printf(Locale.ROOT, "bench: %.1f snapshots/s, %.1f MiB/s of HTML, %.2f s in all%n", total / seconds,
          bytes / 1048576.0 / seconds, seconds);
      out.printf(Locale.ROOT, "bench: per snapshot p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms "
          + "(%d edits, each sent alone until its change is readable)%n", ms(nanos, 0.50), ms(nanos, 0.90),
          ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, nanos.length);
      out.printf(Locale.ROOT, "bench: events %s (expected: first %d, changed %d, noise silent)%n", kinds, documents,
          documents * ((snapshots - 1) / 2));
      out.printf(Locale.ROOT, "bench: heap in use after GC %d MiB, broker included (max %d MiB)%n", heapMiB,
          Runtime.getRuntime().maxMemory() >> 20);
      out.flush();
    }
    return 0;
  }

  /** Every document tracked, without selectors: its snapshots go straight to change detection. */
  private List<Target> targets(int warmupDocuments) {
    List<Target> targets = new ArrayList<>();
    for (int d = 0; d < Math.max(documents, warmupDocuments); d++) {
      for (String vendor : List.of("bench-" + d, "warmup-" + d)) {
        Snapshot s = snapshot(vendor, "", 0, Instant.EPOCH);
        targets.add(new Target(vendor, null, DocumentDeclaration.of(s.document(), s.url()),
            VendorsConfig.DEFAULT_POLL_INTERVAL));
      }
    }
    return targets;
  }

  /** Sends every capture of {@code docs} documents, version by version, in one batch; returns the HTML bytes. */
  private long sendAll(LocalTopology topology, List<String> seeds, String prefix, int docs, Instant base) {
    long bytes = 0;
    for (int version = 0; version < snapshots; version++) {
      for (int d = 0; d < docs; d++) {
        Snapshot s = snapshot(prefix + d, seeds.get(d % seeds.size()), version, base.plus(Duration.ofHours(version)));
        bytes += s.body().length;
        topology.send(s);
      }
    }
    return bytes;
  }

  /** One more real edit per document, each alone: nanoseconds from send until its change is read, sorted. */
  private long[] latencies(LocalTopology topology, List<String> seeds) {
    int samples = Math.min(documents, LATENCY_SAMPLES);
    long[] nanos = new long[samples];
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(snapshots + 1L));
    for (int d = 0; d < samples; d++) {
      long t0 = System.nanoTime();
      topology.send(snapshot("bench-" + d, seeds.get(d % seeds.size()), snapshots + 1, at));
      topology.flush();
      long deadline = t0 + Duration.ofSeconds(60).toNanos();
      while (topology.pollChanges().isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no change came out of the topology within 60 s of an edit");
        }
      }
      nanos[d] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos;
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
