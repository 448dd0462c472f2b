package dev.policymonitor.runtime.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A family of variables sharing a prefix, each mapped to a setting of a library by its suffix (for example the
 * suffix {@code SECURITY_PROTOCOL} to the Kafka client property {@code security.protocol}, see {@link #dotted}).
 * Registered like a key, so its members are not reported as unknown and the docs list the family. A member whose
 * suffix is {@linkplain #isSecret secret} (a password of the library) can be given as a file, like a secret key:
 * {@code <MEMBER>_FILE} names the file that holds the value ({@link Settings}).
 *
 * @param prefix the common beginning, ending in {@code _}
 * @param readBy what reads the family
 * @param doc what the members set and how a suffix maps to a setting
 * @param secretMember which suffixes are secrets ({@code SASL_JAAS_CONFIG}, say)
 */
public record KeyFamily(String prefix, String readBy, String doc, Predicate<String> secretMember) {
  public KeyFamily {
    Objects.requireNonNull(readBy, "readBy");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(secretMember, "secretMember");
    if (!prefix.startsWith(ConfigKey.PREFIX) || !prefix.endsWith("_") || !prefix.equals(prefix.toUpperCase())) {
      throw new IllegalArgumentException("a family prefix is " + ConfigKey.PREFIX
          + " and upper-case words, ending in _: " + prefix);
    }
  }

  /** A family none of whose members is a secret. */
  public KeyFamily(String prefix, String readBy, String doc) {
    this(prefix, readBy, doc, suffix -> false);
  }

  /** Whether the member with this suffix holds a secret (and so has a {@code _FILE} form). */
  public boolean isSecret(String suffix) {
    return secretMember.test(suffix);
  }

  /** The variable of the setting {@code dotted}: {@code security.protocol} to {@code <PREFIX>SECURITY_PROTOCOL}. */
  public String variable(String dotted) {
    return prefix + dotted.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /** The suffix of a member as a dotted lower-case setting name: {@code SECURITY_PROTOCOL} to {@code security.protocol}. */
  public static String dotted(String suffix) {
    return suffix.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }
}
