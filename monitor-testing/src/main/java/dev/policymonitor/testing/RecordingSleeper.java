package dev.policymonitor.testing;

import dev.policymonitor.runtime.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Sleeper} that returns at once and remembers every delay it was asked for, so a test checks retry delays
 * and pauses without waiting for them; with a {@link MutableClock}, it also moves that clock by the delay.
 */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> delays = new CopyOnWriteArrayList<>();
  private final MutableClock clock;

  public RecordingSleeper() {
    this(null);
  }

  /** @param clock moved forward by each delay; null moves nothing */
  public RecordingSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) {
    delays.add(duration);
    if (clock != null && !duration.isNegative()) {
      clock.advance(duration);
    }
  }

  /** Every delay asked for so far, in order. */
  public List<Duration> delays() {
    return List.copyOf(delays);
  }
}
