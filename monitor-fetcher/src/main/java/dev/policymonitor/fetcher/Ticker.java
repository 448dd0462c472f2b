package dev.policymonitor.fetcher;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;

/**
 * The time the fetcher's rate limits and pauses run on: a nanosecond clock and a way to wait on it.
 * {@link #SYSTEM} in production; tests pass a fake whose {@link #sleep} moves its clock, so pacing is asserted
 * exactly and without waiting.
 */
public interface Ticker {
  /** {@link System#nanoTime()} and {@link Thread#sleep}. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };

  /** Nanoseconds from an arbitrary origin, only for differences. */
  long nanoTime();

  /** Waits {@code nanos} on this ticker's time. */
  void sleep(long nanos) throws InterruptedException;

  /** This ticker as a bucket4j clock. */
  default TimeMeter timeMeter() {
    if (this == SYSTEM) {
      return TimeMeter.SYSTEM_NANOTIME;
    }
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanoTime();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
  }

  /** This ticker as bucket4j's way of waiting for a token. */
  default BlockingStrategy blocking() {
    return this == SYSTEM ? BlockingStrategy.PARKING : this::sleep;
  }
}
