package dev.policymonitor.runtime.config;

import dev.policymonitor.model.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration of one process: the values of the registered {@code POLICY_MONITOR_*} variables, each checked
 * against its key's type when read in, so a bad value stops the start with the key's name and the reason. A
 * {@code POLICY_MONITOR_*} variable that no key or family declares is a {@linkplain #warnings() warning} (a
 * typo must not pass silently). This is the only class that reads the process environment.
 *
 * <p>Every secret (a key declared {@link ConfigKey#secret()}, a {@linkplain KeyFamily#isSecret secret member} of a
 * family) can also be given as a file, the way container platforms mount secrets: {@code <NAME>_FILE} names a file
 * whose content (trimmed) is the value of {@code <NAME>}. Setting both is an error; a file that cannot be read is an
 * error naming the variable and the path, never the content.
 */
public final class Settings {
  /** The suffix of a variable that names the file holding a secret. */
  public static final String FILE_SUFFIX = "_FILE";

  private final ConfigRegistry registry;
  private final Map<String, String> values;
  private final Map<String, Object> parsed;
  private final List<String> warnings;

  private Settings(ConfigRegistry registry, Map<String, String> values, Map<String, Object> parsed,
      List<String> warnings) {
    this.registry = registry;
    this.values = values;
    this.parsed = parsed;
    this.warnings = warnings;
  }

  /**
   * Reads the registered keys from {@code environment} (other variables are ignored, unknown
   * {@code POLICY_MONITOR_*} ones are warnings). Blank counts as unset.
   *
   * @throws InvalidConfigException for the first variable whose value its key rejects
   */
  public static Settings from(ConfigRegistry registry, Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    Map<String, Object> parsed = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ConfigKey.PREFIX) || e.getValue() == null || e.getValue().isBlank()) {
        continue;
      }
      String raw = e.getValue();
      Optional<String> secret = registry.secretFileBase(name);
      if (secret.isPresent()) {
        String both = environment.get(secret.get());
        if (both != null && !both.isBlank()) {
          throw new InvalidConfigException(secret.get() + " and " + name + " are both set: set one of them");
        }
        raw = readSecretFile(name, raw.trim());
        name = secret.get();
      }
      Optional<ConfigKey<?>> key = registry.find(name);
      if (key.isPresent()) {
        values.put(name, raw.trim());
        parsed.put(name, key.get().parse(raw));
      } else if (registry.familyOf(name).isPresent()) {
        values.put(name, raw.trim());
      } else {
        warnings.add("unknown environment variable " + name + " is ignored"
            + registry.closest(name).map(k -> " (did you mean " + k + "?)").orElse("")
            + "; every variable is listed in docs/configuration.md");
      }
    }
    return new Settings(registry, values, parsed, List.copyOf(warnings));
  }

  /** The content of the secret file {@code path}, named by the variable {@code name}. */
  private static String readSecretFile(String name, String path) {
    String content;
    try {
      content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException(name + " names a file that cannot be read: " + path + " ("
          + e.getClass().getSimpleName() + ")");
    }
    if (content.isBlank()) {
      throw new InvalidConfigException(name + " names an empty file: " + path);
    }
    return content.trim();
  }

  /** {@link #from} the environment of this process. */
  public static Settings fromSystem(ConfigRegistry registry) {
    return from(registry, System.getenv());
  }

  /** Settings of just {@code keys}, from a map: a module's configuration in its tests. */
  public static Settings of(List<? extends ConfigKey<?>> keys, Map<String, String> environment) {
    return from(ConfigRegistry.of(keys), environment);
  }

  /** The value of {@code key}, or its default, or empty when neither is there. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(ConfigKey<T> key) {
    requireRegistered(key);
    Object value = parsed.get(key.name());
    if (value != null) {
      return Optional.of((T) value);
    }
    return key.defaultValue() == null ? Optional.empty() : Optional.of(key.parse(key.defaultValue()));
  }

  /**
   * The value of {@code key}, or its default.
   *
   * @throws IllegalStateException when the key has no default and is unset (use {@link #find} for those)
   */
  public <T> T get(ConfigKey<T> key) {
    return find(key).orElseThrow(() -> new IllegalStateException(key.name() + " has no default: use find()"));
  }

  /** Whether the variable is set (not blank), as opposed to falling back to its default. */
  public boolean isSet(ConfigKey<?> key) {
    requireRegistered(key);
    return values.containsKey(key.name());
  }

  /**
   * The same settings with {@code key} set to {@code value}: a command-line option that overrides its variable.
   *
   * @throws InvalidConfigException when the key rejects the value
   */
  public Settings with(ConfigKey<?> key, String value) {
    requireRegistered(key);
    Map<String, String> v = new TreeMap<>(values);
    Map<String, Object> p = new HashMap<>(parsed);
    v.put(key.name(), value.trim());
    p.put(key.name(), key.parse(value));
    return new Settings(registry, v, p, warnings);
  }

  /** The members of {@code family} that are set, by suffix ({@code SECURITY_PROTOCOL} -> value). */
  public Map<String, String> family(KeyFamily family) {
    if (!registry.families().contains(family)) {
      throw new IllegalArgumentException(family.prefix() + "* is not registered");
    }
    Map<String, String> members = new TreeMap<>();
    values.forEach((name, value) -> {
      if (name.startsWith(family.prefix())) {
        members.put(name.substring(family.prefix().length()), value);
      }
    });
    return members;
  }

  /** One line per unknown {@code POLICY_MONITOR_*} variable, naming the closest known key. */
  public List<String> warnings() {
    return warnings;
  }

  public ConfigRegistry registry() {
    return registry;
  }

  private void requireRegistered(ConfigKey<?> key) {
    if (!registry.contains(key)) {
      throw new IllegalArgumentException(key.name() + " is not registered in these settings");
    }
  }

  @Override
  public String toString() {
    // names only: values can be secrets
    return "Settings" + values.keySet();
  }
}
