package dev.policymonitor.runtime.config;

import java.util.Objects;

/**
 * A family of variables sharing a prefix, each mapped to a setting of a library by its suffix (for example the
 * suffix {@code SECURITY_PROTOCOL} to the Kafka client property {@code security.protocol}, see {@link #dotted}).
 * Registered like a key, so its members are not reported as unknown and the docs list the family.
 *
 * @param prefix the common beginning, ending in {@code _}
 * @param readBy what reads the family
 * @param doc what the members set and how a suffix maps to a setting
 */
public record KeyFamily(String prefix, String readBy, String doc) {
  public KeyFamily {
    Objects.requireNonNull(readBy, "readBy");
    Objects.requireNonNull(doc, "doc");
    if (!prefix.startsWith(ConfigKey.PREFIX) || !prefix.endsWith("_") || !prefix.equals(prefix.toUpperCase())) {
      throw new IllegalArgumentException("a family prefix is " + ConfigKey.PREFIX
          + " and upper-case words, ending in _: " + prefix);
    }
  }

  /** The suffix of a member as a dotted lower-case setting name: {@code SECURITY_PROTOCOL} to {@code security.protocol}. */
  public static String dotted(String suffix) {
    return suffix.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }
}
