package dev.policymonitor.app;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor bench}: what the real pipeline costs on this machine. The whole monitor runs in this process
 * as {@code run} starts it ({@link BenchPipeline}: in-process broker, streams, alerts to a recording channel, the live
 * fetcher) and polls {@code --documents} copies of the seed policies on a local HTTP/1.1 site ({@link BenchSite}),
 * cycle by cycle ({@link BenchPhases}): a first full cycle, cycles with no change (304), cycles where every page's
 * HTML changes and its text does not, cycles where one page in ten gains a sentence; then live changes one at a time
 * for the latency from capture to alert, an idle period for the background cost, and a replay of pre-filled
 * snapshots through the topology ({@link BenchReplay}). The last line is machine-readable.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the real pipeline (fetcher, topology, alerts on an in-process broker) polling N local "
        + "copies of the seed policies, phase by phase, and the topology's replay throughput; the last line is "
        + "machine-readable.")
final class BenchCommand implements Callable<Integer> {
  /** The document types of one vendor: document i is type {@code i % 5} of vendor {@code i / 5}. */
  static final List<String> TYPES = List.of("privacy-policy", "cookie-policy", "terms-of-service",
      "data-processing-agreement", "security-policy");
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  @Option(names = "--documents", paramLabel = "N", defaultValue = "1000",
      description = "Documents tracked, each a copy of one of the seed policies (default: ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--cycles", paramLabel = "N", defaultValue = "3",
      description = "Cycles of each steady phase: no change, noise, edits (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "8",
      description = "Fetcher worker threads, the production default (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
      description = "Partitions of each topic keyed by document, the production default (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--latency-samples", paramLabel = "N", defaultValue = "50",
      description = "Live changes sent one at a time for the capture-to-alert latency (default: ${DEFAULT-VALUE}).")
  int latencySamples;

  @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "10",
      description = "Seconds with nothing to do measured for the background cost, after as many unmeasured "
          + "(default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--replay-snapshots", paramLabel = "N", defaultValue = "2000",
      description = "Snapshots replayed through the topology from a pre-filled policy-snapshots; 0 skips the replay "
          + "(default: ${DEFAULT-VALUE}).")
  int replaySnapshots;

  @Option(names = "--replay-edit-every", paramLabel = "N", defaultValue = "2",
      description = "In the replay, a real edit in one capture of every N of a document, noise in the others "
          + "(default: ${DEFAULT-VALUE}: alternately noise and an edit).")
  int replayEditEvery;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (documents < 1 || cycles < 1 || workers < 1 || partitions < 1 || latencySamples < 1 || idleSeconds < 0
        || replaySnapshots < 0 || replayEditEvery < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--documents, --cycles, --workers, "
          + "--partitions, --latency-samples and --replay-edit-every must be >= 1, --idle-seconds and "
          + "--replay-snapshots >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchPages pages = new BenchPages();
    out.printf(Locale.ROOT, "bench: %d documents (copies of %d seed policies, %.1f KB a page), %d fetcher workers, "
        + "%d partitions per document topic%n", documents, pages.seeds(), pages.averageBytes() / 1024.0, workers,
        partitions);
    out.printf(Locale.ROOT, "bench: politeness lifted for the local site: %d requests/s per host, no jitter, checks "
        + "run in cycles (production: 1 request per 2 s per host, each document on its poll interval)%n",
        BenchPipeline.LIFTED_HOST_REQUESTS);
    out.printf(Locale.ROOT, "bench: %d cores, java %s, max heap %d MiB, load average %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, PhaseMeter.load());
    out.flush();
    List<BenchPhases.Result> results = new ArrayList<>();
    String scrape;
    List<Target> targets = targets(documents);
    try (BenchSite site = BenchSite.start(pages, documents, Math.max(2, workers));
        PhaseMeter meter = new PhaseMeter()) {
      List<Target> tracked = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        tracked.add(withUrl(targets.get(i), site.url(i)));
      }
      try (BenchPipeline pipeline = BenchPipeline.start(tracked, partitions, workers)) {
        BenchPhases phases = new BenchPhases(pipeline, site, meter, tracked, err);
        header(out);
        row(out, results, phases.first());
        row(out, results, phases.noChange(cycles));
        row(out, results, phases.noise(cycles));
        row(out, results, phases.edits(cycles));
        row(out, results, phases.live(latencySamples));
        row(out, results, phases.idle(idleSeconds));
        for (String phase : List.of("no-change", "noise", "edits")) {
          threads(out, find(results, phase), "ms/check", find(results, phase).checks());
        }
        if (idleSeconds > 0) {
          threads(out, find(results, "idle"), "ms/s", find(results, "idle").cost().wallSeconds());
        }
        scrape = pipeline.scrape();
      }
    }
    summary(out, results, scrape);
    BenchReplay.Result replay = replaySnapshots == 0 ? null
        : BenchReplay.run(pages, replaySnapshots, Math.min(documents, Math.max(1, replaySnapshots / 20)),
            replayEditEvery);
    if (replay != null) {
      out.printf(Locale.ROOT, "bench: replay: %d snapshots (%d documents, %.1f KB a page, new noise in each, a real "
          + "edit in 1 of %d) through the topology in %.2f s: %.1f snapshots/s, %.2f ms CPU per snapshot; events %s; "
          + "state stores %.1f MiB; load %s%n", replay.snapshots(), replay.documents(),
          replay.bytes() / 1024.0 / replay.snapshots(), replayEditEvery, replay.wallSeconds(), replay.perSecond(),
          replay.cpuMsPerSnapshot(), replay.events(), replay.streamsDisk() / 1048576.0, PhaseMeter.load());
    }
    BenchPhases.Result noChange = find(results, "no-change");
    BenchPhases.Result live = find(results, "live");
    long peakRss = results.stream().mapToLong(r -> r.cost().peakRssBytes()).max().orElse(-1);
    out.printf(Locale.ROOT, "documents=%d cpu-ms-per-document=%.3f p50-latency-ms=%d p99-latency-ms=%d "
        + "replay-snapshots-per-second=%.1f peak-rss-mb=%d%n", documents, noChange.cpuMsPerCheck(),
        LatencySink.quantile(live.latencies(), 0.50), LatencySink.quantile(live.latencies(), 0.99),
        replay == null ? 0.0 : replay.perSecond(), peakRss >> 20);
    out.flush();
    return 0;
  }

  /** Document {@code i}: type {@code i % 5} of vendor {@code i / 5}; its URL is set once the site runs. */
  static List<Target> targets(int documents) {
    List<Target> targets = new ArrayList<>(documents);
    for (int i = 0; i < documents; i++) {
      targets.add(new Target("vendor-" + (i / TYPES.size()), null,
          DocumentDeclaration.of(TYPES.get(i % TYPES.size()), "http://127.0.0.1/"), VendorsConfig.DEFAULT_POLL_INTERVAL));
    }
    return targets;
  }

  private static Target withUrl(Target t, String url) {
    DocumentDeclaration d = t.declaration();
    return new Target(t.vendor(), t.vendorName(), new DocumentDeclaration(d.type(), url, d.select(), d.remove(),
        d.filters(), d.render(), d.pollInterval()), t.pollInterval());
  }

  private static void header(PrintWriter out) {
    out.println("phase      cycles  checks    200    304   wall-s  cpu-s  site-cpu-s  cpu-ms/check  peak-rss-mb  "
        + "peak-heap-mb  heap-after-gc-mb  streams-disk-mb  broker-disk-mb  alerts  p50-ms  p99-ms  load");
    out.flush();
  }

  private static void row(PrintWriter out, List<BenchPhases.Result> results, BenchPhases.Result r) {
    results.add(r);
    PhaseMeter.Cost c = r.cost();
    out.printf(Locale.ROOT, "%-10s %6d %7d %6d %6d %8.2f %6.2f %11.2f %13.3f %12d %13d %17d %16.1f %15.1f %7d %7d "
            + "%7d  %s%n", r.name(), r.cycles(), r.checks(), r.full(), r.notModified(), c.wallSeconds(), c.cpuSeconds(),
        c.siteCpuSeconds(), r.cpuMsPerCheck(), c.peakRssBytes() >> 20, c.peakHeapBytes() >> 20, r.heapAfterGc() >> 20,
        r.streamsDisk() / 1048576.0, r.brokerDisk() / 1048576.0, r.latencies().length,
        LatencySink.quantile(r.latencies(), 0.50), LatencySink.quantile(r.latencies(), 0.99), c.load());
    out.flush();
  }

  private void summary(PrintWriter out, List<BenchPhases.Result> results, String scrape) {
    BenchPhases.Result first = find(results, "first");
    BenchPhases.Result noChange = find(results, "no-change");
    BenchPhases.Result idle = find(results, "idle");
    double background = idle.cost().wallSeconds() == 0 ? 0
        : (idle.cost().cpuSeconds() - idle.cost().siteCpuSeconds()) * 1000 / idle.cost().wallSeconds();
    out.printf(Locale.ROOT, "bench: cpu-ms/check is the process's CPU without the local site's threads, divided by "
        + "the checks; the background of an idle pipeline is %.1f ms of CPU per second%n", background);
    for (long tracked : new long[] {documents, 100_000}) {
      double rate = tracked / (double) SIX_HOURS.toSeconds();
      out.printf(Locale.ROOT, "bench: %d documents polled every 6 h = %.2f checks/s: %.3f ms per unchanged check + "
          + "%.1f ms/s of background = %.2f ms of CPU per check%n", tracked, rate, noChange.cpuMsPerCheck(),
          background, noChange.cpuMsPerCheck() + background / rate);
    }
    BenchPhases.Result last = results.get(results.size() - 1);
    out.printf(Locale.ROOT, "bench: per tracked document: heap after GC %.1f KB, streams state %.1f KB, broker logs "
        + "%.1f KB (totals after the first cycle: %d MiB, %.1f MiB, %.1f MiB; at the end: %d MiB, %.1f MiB, %.1f "
        + "MiB)%n", last.heapAfterGc() / 1024.0 / documents, last.streamsDisk() / 1024.0 / documents,
        last.brokerDisk() / 1024.0 / documents, first.heapAfterGc() >> 20, first.streamsDisk() / 1048576.0,
        first.brokerDisk() / 1048576.0, last.heapAfterGc() >> 20, last.streamsDisk() / 1048576.0,
        last.brokerDisk() / 1048576.0);
    out.printf(Locale.ROOT, "bench: one Prometheus scrape of the process's meters: %s; broker-disk-mb leaves out "
        + "Kafka's preallocated index files%n", scrape);
    if (results.stream().anyMatch(r -> !r.cost().rssSincePhase())) {
      out.println("bench: peak-rss-mb is the peak since the process started (this kernel does not reset it)");
    }
    out.flush();
  }

  /**
   * Where a phase's CPU goes: the kinds of thread (Linux names, 15 characters, numbers dropped) that used most, per
   * check, or per second for the idle phase; then the same summed by part ({@link PhaseMeter#partOf}): the monitor
   * itself, the state stores' background work, the in-process broker, the JIT compilers, the garbage collector, the
   * local site.
   */
  private static void threads(PrintWriter out, BenchPhases.Result phase, String unit, double per) {
    if (per == 0 || phase.threads().isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder("bench: " + phase.name() + " CPU by thread, " + unit + ":");
    phase.threads().stream().limit(10).forEach(e -> line.append(String.format(Locale.ROOT, " %s %.2f;",
        e.getKey(), e.getValue() / per)));
    out.println(line);
    StringBuilder parts = new StringBuilder("bench: " + phase.name() + " CPU by part, " + unit + ":");
    PhaseMeter.cpuByPart(phase.threads()).forEach((part, ms) -> parts.append(String.format(Locale.ROOT, " %s %.2f;",
        part, ms / per)));
    out.println(parts);
    out.flush();
  }

  private static BenchPhases.Result find(List<BenchPhases.Result> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }
}
