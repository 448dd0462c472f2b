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

  /**
   * Whether {@code name} is a variable this registry reads: a key, the {@code _FILE} form of a secret key or of a
   * secret family member, or a member of a family.
   */
  public boolean knows(String name) {
    return keys.containsKey(name) || familyOf(name).isPresent() || secretFileBase(name).isPresent();
  }

  /**
   * When {@code name} is the file form of a secret ({@code POLICY_MONITOR_SMTP_PASSWORD_FILE} for the secret key
   * {@code POLICY_MONITOR_SMTP_PASSWORD}, {@code POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE} for a secret member of
   * a family): the name of the secret it holds. A {@code _FILE} key declared in its own right (a module that reads
   * its secret file itself) is a key, not a file form.
   */
  public Optional<String> secretFileBase(String name) {
    if (!name.endsWith(Settings.FILE_SUFFIX) || keys.containsKey(name)) {
      return Optional.empty();
    }
    String base = name.substring(0, name.length() - Settings.FILE_SUFFIX.length());
    ConfigKey<?> key = keys.get(base);
    if (key != null) {
      return key.isSecret() ? Optional.of(base) : Optional.empty();
    }
    return familyOf(base).filter(f -> base.length() > f.prefix().length()
        && f.isSecret(base.substring(f.prefix().length()))).map(f -> base);
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
    return closest(name, keys.keySet());
  }

  /** The name among {@code known} closest to {@code name}, when it is close enough to be a likely typo. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
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
