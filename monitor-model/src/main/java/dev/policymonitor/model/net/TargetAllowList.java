package dev.policymonitor.model.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code allowTargets} of a vendors file: hosts and networks the fetcher may reach although they are loopback,
 * private, link-local and so on. Each entry is one of
 *
 * <ul>
 *   <li>a network in CIDR form: {@code 10.20.0.0/16}, {@code fd00:1234::/32};</li>
 *   <li>an address: {@code 10.20.1.5}, {@code [fd00::5]}, optionally with a port: {@code 127.0.0.1:8080};</li>
 *   <li>a host name, matched exactly (no wildcards), optionally with a port: {@code intranet.example.com},
 *       {@code wiki.corp:8443}; whatever it resolves to is allowed, cloud metadata addresses excepted.</li>
 * </ul>
 *
 * A cloud metadata address or name is allowed only by an entry naming it exactly, never by a network.
 */
public final class TargetAllowList {
  public static final TargetAllowList NONE = new TargetAllowList(List.of());

  private static final Pattern PORT = Pattern.compile("(.*):(\\d{1,5})");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

  private final List<Entry> entries;

  private TargetAllowList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses the entries.
   *
   * @throws IllegalArgumentException naming the first entry that is none of the forms, with its index
   */
  public static TargetAllowList parse(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    List<Entry> parsed = new ArrayList<>();
    for (String e : entries) {
      parsed.add(Entry.parse(e));
    }
    return new TargetAllowList(parsed);
  }

  /** The entries as written (normalized). */
  public List<String> entries() {
    return entries.stream().map(Entry::text).toList();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether a name entry names {@code host}; {@code port} -1 means any port (not known yet). */
  public boolean allowsName(String host, int port) {
    String h = HostLiteral.normalize(host);
    return entries.stream().anyMatch(e -> e.name() != null && e.name().equals(h) && e.portMatches(port));
  }

  /** Whether an address or network entry covers {@code address}; {@code port} -1 means any port. */
  public boolean allowsAddress(InetAddress address, int port) {
    return entries.stream().anyMatch(e -> e.name() == null && e.contains(address) && e.portMatches(port));
  }

  /** Whether an entry names exactly this address (a /32 or /128 counts, a wider network does not). */
  public boolean namesAddress(InetAddress address, int port) {
    return entries.stream().anyMatch(e -> e.name() == null && e.prefix() == e.network().length * 8
        && e.contains(address) && e.portMatches(port));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetAllowList other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries().toString();
  }

  /** A name (then network is null) or a network with its prefix length; port -1 for any. */
  private record Entry(String text, String name, byte[] network, int prefix, int port) {
    static Entry parse(String raw) {
      Objects.requireNonNull(raw, "allowTargets entry");
      String s = HostLiteral.normalize(raw);
      if (s.isEmpty()) {
        throw new IllegalArgumentException("an empty entry");
      }
      int slash = s.indexOf('/');
      if (slash >= 0) {
        InetAddress base = address(s.substring(0, slash), raw);
        int bits = base.getAddress().length * 8;
        int prefix;
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + raw + "' has no prefix length after '/' (e.g. 10.0.0.0/8)");
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("'" + raw + "': the prefix length must be 0.." + bits);
        }
        return new Entry(s, null, base.getAddress(), prefix, -1);
      }
      String host = s;
      int port = -1;
      Matcher m = PORT.matcher(s);
      boolean bareV6 = !s.startsWith("[") && s.indexOf(':') != s.lastIndexOf(':');
      if (m.matches() && !bareV6) {
        host = m.group(1);
        port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("'" + raw + "': the port must be 1..65535");
        }
      }
      Optional<InetAddress> literal = literal(host, raw);
      if (literal.isPresent()) {
        byte[] b = literal.get().getAddress();
        return new Entry(s, null, b, b.length * 8, port);
      }
      if (!NAME.matcher(host).matches()) {
        throw new IllegalArgumentException("'" + raw + "' is not a host name, an address or a network in CIDR form"
            + " (e.g. intranet.example.com, 10.1.2.3, 10.0.0.0/8, [fd00::1]:8080)");
      }
      return new Entry(s, host, null, 0, port);
    }

    private static Optional<InetAddress> literal(String host, String raw) {
      try {
        return HostLiteral.parse(host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + raw + "': " + e.getMessage());
      }
    }

    private static InetAddress address(String s, String raw) {
      return literal(s, raw).orElseThrow(() -> new IllegalArgumentException("'" + raw
          + "' is not a network in CIDR form (e.g. 10.0.0.0/8, fd00::/8)"));
    }

    boolean portMatches(int p) {
      return port < 0 || p < 0 || port == p;
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }
}
