package dev.policymonitor.alerts.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How a channel groups its alerts: one message per change, or one per UTC hour or UTC day. */
public enum DigestSchedule {
  NONE(null), HOURLY(ChronoUnit.HOURS), DAILY(ChronoUnit.DAYS);

  private final ChronoUnit unit;

  DigestSchedule(ChronoUnit unit) {
    this.unit = unit;
  }

  /** Start of the window {@code at} falls in (UTC). */
  public Instant windowStart(Instant at) {
    if (unit == null) {
      throw new IllegalStateException("no window without a digest");
    }
    return at.truncatedTo(unit);
  }

  /** End (exclusive) of the window that starts at {@code start}. */
  public Instant windowEnd(Instant start) {
    return start.plus(1, unit);
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static DigestSchedule fromWire(String wire) {
    try {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("digest must be none, hourly or daily: " + wire);
    }
  }
}
