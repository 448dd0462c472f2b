package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who put a target in {@code policy-targets}: what decides whether seeding from a vendors file may remove it.
 */
public enum TargetOrigin {
  /** Seeded from the vendors file at a fetcher's start; untracked when a later file no longer lists it. */
  VENDORS_FILE,
  /** Written by {@code policy-monitor vendors add}; only {@code vendors remove} untracks it. */
  VENDORS_ADD,
  /**
   * Added or changed on the web page or its API: a vendors file neither overwrites nor untracks it; only the web
   * page, the API or {@code vendors remove} change it.
   */
  WEB;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static TargetOrigin fromWire(String wire) {
    return valueOf(wire.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
