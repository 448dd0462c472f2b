package dev.policymonitor.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a while: {@link #SYSTEM} in production; tests inject one that records the delay and returns at once,
 * so retry delays and pauses are checked without waiting for them.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread; a zero or negative duration returns at once. */
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
