package dev.policymonitor.fetcher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} whose time moves only when someone sleeps on it: a sleep returns at once, with the clock at
 * the sleeper's wake-up time (the later of that and the clock, as concurrent sleeps overlap in real time). Pacing
 * is then asserted exactly, and a test waits for nothing.
 */
public final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleep(long nanos) {
    long wake = now.get() + nanos;
    now.accumulateAndGet(wake, Math::max);
    sleeps.add(Duration.ofNanos(nanos));
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
