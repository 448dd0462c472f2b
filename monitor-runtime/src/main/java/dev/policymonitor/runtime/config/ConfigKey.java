package dev.policymonitor.runtime.config;

import dev.policymonitor.model.InvalidConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code POLICY_MONITOR_*} environment variable, declared once: its name, type, default, what it does and
 * which part of the monitor reads it. Modules declare their keys as constants next to the class that uses them
 * ({@code FetcherConfig}, {@code AlertsConfig}, ...); the launcher registers every module's keys in one
 * {@link ConfigRegistry}, which the docs table is checked against.
 *
 * <pre>
 * public static final ConfigKey&lt;Duration&gt; HOST_INTERVAL = ConfigKey.of("POLICY_MONITOR_HOST_INTERVAL",
 *     ValueType.duration(true), "PT2S", "fetcher", "Least time between two requests to one host.");
 * </pre>
 */
public final class ConfigKey<T> {
  /** The beginning of every key's name, upper case as the rest. */
  public static final String PREFIX = "POLICY_MONITOR_";
  private static final Pattern NAME = Pattern.compile("POLICY_MONITOR_[A-Z0-9]+(_[A-Z0-9]+)*");

  private final String name;
  private final ValueType<T> type;
  private final String defaultValue;
  private final String readBy;
  private final String doc;
  private final boolean secret;

  private ConfigKey(String name, ValueType<T> type, String defaultValue, String readBy, String doc, boolean secret) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a key's name is " + PREFIX + " and upper-case words joined by _: " + name);
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.readBy = Objects.requireNonNull(readBy, "readBy");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.secret = secret;
    if (defaultValue != null) {
      parse(defaultValue); // a default that does not parse is a programming error: fail at class load
    }
  }

  /**
   * @param defaultValue the value when the variable is unset or blank, as text; null: no value
   * @param readBy what reads it, for the docs: {@code fetcher}, {@code alerts}, {@code streams}, {@code logging}...
   */
  public static <T> ConfigKey<T> of(String name, ValueType<T> type, String defaultValue, String readBy, String doc) {
    return new ConfigKey<>(name, type, defaultValue, readBy, doc, false);
  }

  /** The same key, marked secret: its value is never printed, not even in an error. */
  public ConfigKey<T> secret() {
    return new ConfigKey<>(name, type, defaultValue, readBy, doc, true);
  }

  public String name() {
    return name;
  }

  public ValueType<T> type() {
    return type;
  }

  /** The default as text, or null when the key has none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String readBy() {
    return readBy;
  }

  public String doc() {
    return doc;
  }

  public boolean isSecret() {
    return secret;
  }

  /**
   * The value of {@code raw} (trimmed).
   *
   * @throws InvalidConfigException naming the key and the reason (and the value, unless the key is secret)
   */
  public T parse(String raw) {
    String value = raw.trim();
    try {
      return type.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(name + " " + e.getMessage() + (secret ? "" : ", not '" + value + "'"));
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
