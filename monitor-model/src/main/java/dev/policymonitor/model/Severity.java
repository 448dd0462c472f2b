package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a change matters to the people who read alerts. Ordered from least to most. */
public enum Severity {
  LOW, MEDIUM, HIGH;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Severity fromWire(String wire) {
    return valueOf(wire.trim().toUpperCase(Locale.ROOT));
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
