package dev.policymonitor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation ({@code -prof dev.policymonitor.benchmarks.CpuProfiler}, which {@code benchmarks/run}
 * always adds): on a shared machine the wall time of an operation grows with the load, its CPU time much less.
 * {@code cpu} counts the benchmark threads only; {@code cpu.process} every thread of the forked JVM, the JIT
 * compiler and the garbage collector included (it is higher while the JIT still works, so warm up long enough for
 * the two to meet).
 */
public final class CpuProfiler implements InternalProfiler {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private long before;
  private long workersBefore;

  @Override
  public String getDescription() {
    return "process CPU time per operation (all threads of the benchmark JVM)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = processCpuNanos();
    workersBefore = workersCpuNanos();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = processCpuNanos() - before;
    long workers = workersCpuNanos() - workersBefore;
    long ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(new ScalarResult("cpu", workers / 1e3 / ops, "us/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.process", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG));
  }

  /** CPU time of JMH's worker threads (they live for the whole fork). */
  private static long workersCpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("jmh-worker")) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
