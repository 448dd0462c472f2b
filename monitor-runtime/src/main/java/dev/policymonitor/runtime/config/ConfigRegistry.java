package dev.policymonitor.runtime.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code POLICY_MONITOR_*} variable a process knows: the keys of each module, registered once, in the order
 * the docs list them, and the key families (prefixes). A name declared twice is a programming error.
 */
public final class ConfigRegistry {
  private final Map<String, ConfigKey<?>> keys;
  private final List<KeyFamily> families;

  private ConfigRegistry(Map<String, ConfigKey<?>> keys, List<KeyFamily> families) {
    this.keys = keys;
    this.families = families;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A registry of just these keys (a module's own, in its tests). */
  public static ConfigRegistry of(Collection<? extends ConfigKey<?>> keys) {
    return builder().add(keys).build();
  }

  /** The keys in registration order. */
  public List<ConfigKey<?>> keys() {
    return List.copyOf(keys.values());
  }

  public List<KeyFamily> families() {
    return families;
  }

  public Optional<ConfigKey<?>> find(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  public boolean contains(ConfigKey<?> key) {
    return keys.get(key.name()) == key;
  }

  /** The family {@code name} belongs to, if any. */
  public Optional<KeyFamily> familyOf(String name) {
    return families.stream().filter(f -> name.startsWith(f.prefix())).findFirst();
  }

  /**
   * The registered key whose name is closest to {@code name} (a typo, a missing or extra letter, two swapped
   * words), when it is close enough to be a likely typo.
   */
  public Optional<String> closest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : keys.keySet()) {
      int d = distance(name, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 6) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Collects keys and families; {@link #build()} rejects a name declared twice. */
  public static final class Builder {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final List<KeyFamily> families = new ArrayList<>();

    private Builder() {}

    public Builder add(Collection<? extends ConfigKey<?>> more) {
      for (ConfigKey<?> key : more) {
        if (keys.putIfAbsent(key.name(), key) != null) {
          throw new IllegalStateException(key.name() + " is declared twice");
        }
      }
      return this;
    }

    public Builder family(KeyFamily family) {
      for (KeyFamily f : families) {
        if (f.prefix().startsWith(family.prefix()) || family.prefix().startsWith(f.prefix())) {
          throw new IllegalStateException("key families overlap: " + f.prefix() + " and " + family.prefix());
        }
      }
      families.add(family);
      return this;
    }

    public ConfigRegistry build() {
      for (String name : keys.keySet()) {
        for (KeyFamily f : families) {
          if (name.startsWith(f.prefix())) {
            throw new IllegalStateException(name + " is in the family " + f.prefix() + "*");
          }
        }
      }
      return new ConfigRegistry(new LinkedHashMap<>(keys), List.copyOf(families));
    }
  }
}
