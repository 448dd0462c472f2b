package dev.policymonitor.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one phase of {@code bench} cost the process: wall time, CPU time (the process's, and the part the local site
 * used, to be taken out), the peak resident set (Linux {@code VmHWM}, reset at the start of the phase when the kernel
 * allows it), the peak heap in use (sampled every 100 ms) and the load average at its end.
 */
final class PhaseMeter implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  /** Costs measured between {@link #begin} and {@link #end}. */
  record Cost(double wallSeconds, double cpuSeconds, double siteCpuSeconds, long peakRssBytes, boolean rssSincePhase,
      long peakHeapBytes, String load) {
    /** CPU of the monitor (the process without the local site) per operation, milliseconds. */
    double monitorCpuMsPer(long operations) {
      return operations == 0 ? Double.NaN : (cpuSeconds - siteCpuSeconds) * 1000 / operations;
    }
  }

  /** The state at the start of a phase. */
  record Start(long nanos, long cpuNanos, long siteCpuNanos, boolean rssReset) {}

  PhaseMeter() {
    sampler = new Thread(() -> {
      while (running) {
        peakHeap.accumulateAndGet(heapUsed(), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  Start begin(BenchSite site) {
    peakHeap.set(heapUsed());
    boolean reset = resetPeakRss();
    return new Start(System.nanoTime(), processCpuNanos(), site == null ? 0 : site.cpuNanos(), reset);
  }

  Cost end(Start start, BenchSite site) {
    long now = System.nanoTime();
    long cpu = processCpuNanos();
    long siteCpu = site == null ? 0 : site.cpuNanos();
    return new Cost((now - start.nanos()) / 1e9, (cpu - start.cpuNanos()) / 1e9,
        (siteCpu - start.siteCpuNanos()) / 1e9, procStatusBytes("VmHWM"), start.rssReset(),
        Math.max(peakHeap.get(), heapUsed()), load());
  }

  /**
   * CPU time of every thread of the process so far (JVM threads such as the JIT compilers and the garbage collector,
   * and native ones such as RocksDB's, included), in clock ticks, by thread id and name; from {@code /proc}, empty
   * where there is none.
   */
  /** The in-process KRaft broker's threads, by the first 15 characters of their names (numbers as N). */
  private static final List<String> BROKER_THREADS = List.of("data-plane-kafk", "kafka-N-raft-io", "kafka-N-metadat",
      "quorum-controll", "group-coordinat", "share-coordinat", "ExpirationReape", "TxnMarkerSender", "AddPartitionsTo",
      "broker-N-to-con", "kafka-log-clean", "persister-state", "kafka-scheduler", "LogDirFailureHa",
      "transaction-coo", "controller-N-to", "kafka-N-event-p", "raft-expiration", "RaftManager", "kafka-request-h");

  static Map<String, Long> threadCpu() {
    Map<String, Long> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close);
          String[] fields = stat.substring(close + 2).split(" ");
          // after the name: state(3) ... utime(14) stime(15), numbered from the pid as field 1
          out.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /**
   * The CPU each kind of thread used between two {@link #threadCpu} readings, in milliseconds, largest first; thread
   * names lose their numbers, so the threads of one pool add up.
   */
  static List<Map.Entry<String, Long>> cpuByThreadKind(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> byKind = new HashMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (ticks > 0) {
        String kind = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("\\d+", "N");
        byKind.merge(kind, ticks * 10, Long::sum); // USER_HZ is 100 on Linux
      }
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(byKind.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    return sorted;
  }

  /**
   * Which part of the process a kind of thread ({@link #cpuByThreadKind}'s names) works for: {@code jit} (the JIT
   * compilers: a one-off cost while code warms up), {@code gc}, {@code rocksdb} (the state stores' flushes and
   * compactions, which run behind the writes that caused them), {@code broker} (the in-process broker, which a
   * production deployment runs elsewhere; told by its threads' names), {@code site} (the bench's local web site) or
   * {@code monitor} (the fetcher, streams, alerts and their Kafka clients, and the JVM's other threads).
   */
  static String partOf(String threadKind) {
    if (threadKind.startsWith("CN CompilerThre")) { // C1 and C2, digits as N
      return "jit";
    }
    if (threadKind.startsWith("GC Thread") || threadKind.startsWith("GN ")) { // G1's threads, digits as N
      return "gc";
    }
    if (threadKind.startsWith("rocksdb:")) {
      return "rocksdb";
    }
    if (threadKind.startsWith("bench-site") || threadKind.startsWith("HTTP-Dispatcher")) {
      return "site";
    }
    return BROKER_THREADS.stream().anyMatch(threadKind::startsWith) ? "broker" : "monitor";
  }

  /** The CPU of each {@link #partOf part}, milliseconds, in a fixed order. */
  static Map<String, Long> cpuByPart(List<Map.Entry<String, Long>> byThreadKind) {
    Map<String, Long> parts = new java.util.LinkedHashMap<>();
    List.of("monitor", "rocksdb", "broker", "jit", "gc", "site").forEach(p -> parts.put(p, 0L));
    byThreadKind.forEach(e -> parts.merge(partOf(e.getKey()), e.getValue(), Long::sum));
    return parts;
  }

  /** The heap in use after a full collection: what the process keeps. */
  static long heapAfterGc() {
    System.gc();
    return heapUsed();
  }

  static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1, 5 and 15 minute load averages, or "?" where /proc is not there. */
  static String load() {
    try {
      List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "));
      return String.join(" ", parts.subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A line of /proc/self/status in bytes ({@code VmHWM}, {@code VmRSS}); -1 when unknown. */
  static long procStatusBytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Resets the kernel's peak resident set of this process ({@code echo 5 > /proc/self/clear_refs}). */
  private static boolean resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Bytes of the files under {@code dir} (0 when it does not exist), without Kafka's offset and time indexes: they are
   * preallocated sparse files (10 MiB apparent size per partition, a few KB on disk) until their segment rolls.
   */
  static long diskBytes(Path dir) {
    AtomicLong sum = new AtomicLong();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          if (!name.endsWith(".index") && !name.endsWith(".timeindex")) {
            sum.addAndGet(attrs.size());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // a file deleted by compaction while we walk
        }
      });
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return -1;
    }
    return sum.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
