package dev.policymonitor.fetcher;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link CheckScheduler} on a manual clock: {@link #advance} runs every check that falls due, in time order, on
 * the calling thread. Nothing runs between two calls, so a test knows exactly which checks ran.
 */
public final class ManualScheduler implements CheckScheduler {
  private record Due(long atNanos, long seq, Runnable check) {}

  private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.atNanos != b.atNanos
      ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.seq, b.seq));
  private long nowNanos;
  private long seq;
  private boolean closed;

  @Override
  public synchronized void schedule(Runnable check, Duration delay) {
    if (!closed) {
      queue.add(new Due(nowNanos + delay.toNanos(), seq++, check));
    }
  }

  /** Moves the clock forward by {@code by}, running each check as its time comes. */
  public void advance(Duration by) {
    long until;
    synchronized (this) {
      until = nowNanos + by.toNanos();
    }
    while (true) {
      Due next;
      synchronized (this) {
        next = queue.peek();
        if (closed || next == null || next.atNanos() > until) {
          nowNanos = until;
          return;
        }
        queue.poll();
        nowNanos = next.atNanos();
      }
      next.check().run();
    }
  }

  /** Checks waiting for their time. */
  public synchronized int pending() {
    return queue.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}
