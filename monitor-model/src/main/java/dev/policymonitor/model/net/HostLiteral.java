package dev.policymonitor.model.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a host as an address when it is written as one, in any spelling a resolver accepts, without a DNS lookup:
 * IPv6 ({@code [::ffff:127.0.0.1]}, brackets optional) and IPv4 the way {@code inet_aton} reads it: one to four
 * parts, each decimal, octal (leading 0) or hexadecimal (0x), the last filling the remaining bytes, so
 * {@code 2130706433}, {@code 017700000001}, {@code 0x7f.1} and {@code 127.1} are all 127.0.0.1.
 */
public final class HostLiteral {
  private HostLiteral() {}

  /** A host as compared everywhere: lower case, without a trailing dot. */
  public static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    while (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /**
   * The address {@code host} spells, or empty when it is a name.
   *
   * @throws IllegalArgumentException for a bracketed host that is not an IPv6 address
   */
  public static Optional<InetAddress> parse(String host) {
    String h = normalize(host);
    if (h.startsWith("[") || h.contains(":")) {
      String inner = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
      if (inner.contains("%")) {
        throw new IllegalArgumentException("an IPv6 address with a zone (" + host + ") is not a web address");
      }
      try {
        // Brackets make the JDK read a literal and never look the name up.
        return Optional.of(InetAddress.getByName("[" + inner + "]"));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(host + " is not an IPv6 address");
      }
    }
    byte[] v4 = inetAton(h);
    if (v4 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The four bytes {@code inet_aton} makes of {@code s}, or null when it is not an IPv4 address in any spelling. */
  private static byte[] inetAton(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".")) {
      return null;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long v = number(parts[i]);
      if (v == null) {
        return null;
      }
      values[i] = v;
    }
    long last = values[parts.length - 1];
    long lastMax = (1L << (8 * (5 - parts.length))) - 1;
    if (last > lastMax) {
      return null;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    address |= last;
    return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
  }

  private static Long number(String part) {
    if (part.isEmpty() || part.length() > 40) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0L; // inet_aton reads a bare "0x" as zero
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (char c : digits.toCharArray()) {
      int d = Character.digit(c, radix);
      if (d < 0 || c > 'f') {
        return null;
      }
      value = value * radix + d;
      if (value > 0xffffffffL) {
        return null;
      }
    }
    return value;
  }
}
