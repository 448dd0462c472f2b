package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.model.Change;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The alert channel of {@code bench}: delivering an alert records how long after its snapshot was captured it
 * arrived ({@code capturedAt} -> delivered), the latency a user of the monitor sees.
 */
final class LatencySink implements AlertSink {
  static final String CHANNEL = "bench";
  private final Clock clock;
  private final List<Long> millis = new ArrayList<>();

  LatencySink(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public synchronized void deliver(Change change) {
    millis.add(Duration.between(change.capturedAt(), clock.instant()).toMillis());
    notifyAll();
  }

  /** Alerts delivered so far. */
  synchronized int delivered() {
    return millis.size();
  }

  /** Waits until {@code count} alerts were delivered in all; false after {@code timeout}. */
  synchronized boolean awaitDelivered(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (millis.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The latencies of the alerts delivered since alert {@code from}, in milliseconds, sorted. */
  synchronized long[] since(int from) {
    long[] out = millis.subList(from, millis.size()).stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(out);
    return out;
  }

  /** The {@code q} quantile of sorted values (nearest rank); -1 when there are none. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  }
}
