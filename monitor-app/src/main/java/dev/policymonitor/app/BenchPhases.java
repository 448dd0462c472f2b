package dev.policymonitor.app;

import dev.policymonitor.model.Target;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The live phases of {@code bench} on a {@link BenchPipeline} polling a {@link BenchSite}: a cycle checks every
 * document once, then waits until the topology has processed what the cycle published and its alerts were delivered.
 * Each phase is measured by a {@link PhaseMeter}.
 */
final class BenchPhases {
  /** Share of the documents edited in each cycle of the edits phase. */
  static final int EDITED_EVERY = 10;

  private final BenchPipeline pipeline;
  private final BenchSite site;
  private final PhaseMeter meter;
  private final List<Target> targets;
  private final PrintWriter progress;
  private int alertsSoFar;

  /**
   * What one phase did and cost; {@code threads}: the CPU of each kind of thread, milliseconds, largest first (empty
   * without /proc).
   */
  record Result(String name, int cycles, long checks, long full, long notModified, PhaseMeter.Cost cost,
      long heapAfterGc, long streamsDisk, long brokerDisk, long[] latencies, List<Map.Entry<String, Long>> threads) {
    double cpuMsPerCheck() {
      return cost.monitorCpuMsPer(checks);
    }
  }

  BenchPhases(BenchPipeline pipeline, BenchSite site, PhaseMeter meter, List<Target> targets, PrintWriter progress) {
    this.pipeline = pipeline;
    this.site = site;
    this.meter = meter;
    this.targets = targets;
    this.progress = progress;
  }

  /** The first cycle: every page fetched in full, normalized and stored as its document's first version. */
  Result first() {
    return cycles("first", 1, cycle -> { });
  }

  /** Cycles where no page changed: every check is a conditional GET answered 304. */
  Result noChange(int cycles) {
    return cycles("no-change", cycles, cycle -> { });
  }

  /** Cycles where every page's HTML changed and its text did not (a new cache-busting script URL). */
  Result noise(int cycles) {
    return cycles("noise", cycles, cycle -> site.newNoise());
  }

  /** Cycles where one document in {@value #EDITED_EVERY} gained a sentence (an alert each); the others are 304. */
  Result edits(int cycles) {
    return cycles("edits", cycles, cycle -> {
      for (int d = cycle % EDITED_EVERY; d < targets.size(); d += EDITED_EVERY) {
        site.edit(d);
        alertsSoFar++;
      }
    });
  }

  /**
   * Live changes one at a time on an otherwise idle pipeline, as a change arrives in production: a page is edited,
   * checked, and the alert awaited; a random pause of up to 250 ms follows, so samples do not line up with the
   * topology's commits.
   */
  Result live(int samples) {
    int from = pipeline.alerts().delivered();
    Map<String, Long> threadsBefore = PhaseMeter.threadCpu();
    PhaseMeter.Start start = meter.begin(site);
    long full = site.full();
    for (int s = 0; s < samples; s++) {
      int d = (int) ((s * 7919L) % targets.size());
      site.edit(d);
      alertsSoFar++;
      pipeline.checkNow(targets.get(d));
      pipeline.awaitDrained(alertsSoFar, Duration.ofSeconds(60));
      long[] latest = pipeline.alerts().since(Math.max(0, pipeline.alerts().delivered() - 1));
      progress.printf(Locale.ROOT, "bench: live %d/%d: document %d, %d ms from capture to alert%n", s + 1, samples,
          d, latest.length == 0 ? -1 : latest[latest.length - 1]);
      progress.flush();
      sleep(ThreadLocalRandom.current().nextLong(250));
    }
    PhaseMeter.Cost cost = meter.end(start, site);
    return result("live", samples, samples, site.full() - full, 0, cost, pipeline.alerts().since(from),
        threadsBefore);
  }

  /**
   * Nothing to do: the background cost of a running pipeline (polls, commits, metrics). Measured over the last
   * {@code seconds}, after as long again for the JIT compiler to finish what the phases before gave it.
   */
  Result idle(int seconds) {
    sleep(seconds * 1000L);
    Map<String, Long> threadsBefore = PhaseMeter.threadCpu();
    PhaseMeter.Start start = meter.begin(site);
    sleep(seconds * 1000L);
    PhaseMeter.Cost cost = meter.end(start, site);
    return result("idle", 0, 0, 0, 0, cost, new long[0], threadsBefore);
  }

  private Result cycles(String name, int cycles, IntConsumer beforeCycle) {
    int from = pipeline.alerts().delivered();
    long full = site.full();
    long notModified = site.notModified();
    Map<String, Long> threadsBefore = PhaseMeter.threadCpu();
    PhaseMeter.Start start = meter.begin(site);
    long checks = 0;
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-progress");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int c = 0; c < cycles; c++) {
        beforeCycle.accept(c);
        long before = pipeline.checksDone();
        String label = name + " cycle " + (c + 1) + "/" + cycles;
        var line = reporter.scheduleAtFixedRate(() -> {
          progress.println("bench: " + label + ": " + (pipeline.checksDone() - before) + "/" + targets.size()
              + " checks");
          progress.flush();
        }, 10, 10, TimeUnit.SECONDS);
        checks += pipeline.runCycle();
        pipeline.awaitDrained(alertsSoFar, drainTimeout());
        line.cancel(false);
      }
    } finally {
      reporter.shutdownNow();
    }
    PhaseMeter.Cost cost = meter.end(start, site);
    return result(name, cycles, checks, site.full() - full, site.notModified() - notModified, cost,
        pipeline.alerts().since(from), threadsBefore);
  }

  private Result result(String name, int cycles, long checks, long full, long notModified, PhaseMeter.Cost cost,
      long[] latencies, Map<String, Long> threadsBefore) {
    List<Map.Entry<String, Long>> threads = PhaseMeter.cpuByThreadKind(threadsBefore, PhaseMeter.threadCpu());
    return new Result(name, cycles, checks, full, notModified, cost, PhaseMeter.heapAfterGc(),
        PhaseMeter.diskBytes(pipeline.streamsDir()), PhaseMeter.diskBytes(pipeline.brokerDir()), latencies, threads);
  }

  /**
   * A cycle of the largest bench takes many minutes on two cores shared with other work (10,000 documents failed
   * with two seconds per hundred at a load of 40): allow ten seconds per hundred documents.
   */
  private Duration drainTimeout() {
    return Duration.ofSeconds(120 + targets.size() / 10L);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
