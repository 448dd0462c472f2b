package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the bytes of a snapshot came from. */
public enum SnapshotSource {
  LIVE, WAYBACK, IMPORT;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static SnapshotSource fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
