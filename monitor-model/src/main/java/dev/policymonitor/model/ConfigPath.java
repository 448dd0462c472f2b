package dev.policymonitor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a configuration file, as people read it: {@code vendors[2].documents[0].url}. Immutable;
 * {@link #field} and {@link #index} make a longer path.
 */
public final class ConfigPath {
  private static final ConfigPath ROOT = new ConfigPath(List.of());

  private final List<Object> steps;

  private ConfigPath(List<Object> steps) {
    this.steps = List.copyOf(steps);
  }

  public static ConfigPath root() {
    return ROOT;
  }

  public ConfigPath field(String name) {
    return append(name);
  }

  public ConfigPath index(int i) {
    return append(i);
  }

  /** Field names ({@link String}) and list indexes ({@link Integer}), from the top. */
  List<Object> steps() {
    return steps;
  }

  public boolean isRoot() {
    return steps.isEmpty();
  }

  private ConfigPath append(Object step) {
    List<Object> longer = new ArrayList<>(steps);
    longer.add(step);
    return new ConfigPath(longer);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Object step : steps) {
      if (step instanceof Integer i) {
        s.append('[').append(i).append(']');
      } else {
        s.append(s.length() == 0 ? "" : ".").append(step);
      }
    }
    return s.toString();
  }
}
