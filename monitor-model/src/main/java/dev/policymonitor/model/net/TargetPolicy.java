package dev.policymonitor.model.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which targets the fetcher may reach. By default only public addresses: loopback, private (RFC 1918), CGNAT,
 * link-local, unique-local, site-local, multicast, unspecified and reserved addresses are refused, and so are the
 * clouds' metadata addresses and names. The vendors file's {@code allowTargets} lifts the refusal for what it names;
 * {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS=true} lifts it for every range but metadata, which only an entry
 * naming it exactly allows.
 *
 * <p>Two moments ask: {@link #refusalOfUrl} before anything is fetched (a vendors file, {@code vendors add}), on
 * what the URL spells; {@link #refusalOfName} and {@link #refusal} when fetching, on the name and then on each
 * address it resolved to (the address the connection then uses).
 *
 * @param allowPrivate {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS}
 */
public record TargetPolicy(TargetAllowList allowList, boolean allowPrivate) {
  /** The default: public addresses only. */
  public static final TargetPolicy STRICT = new TargetPolicy(TargetAllowList.NONE, false);

  /** How to allow a refused target, for messages. */
  public static final String HOW_TO_ALLOW = "to fetch it anyway, list it under allowTargets in the vendors file"
      + " (or set POLICY_MONITOR_ALLOW_PRIVATE_TARGETS=true; cloud metadata endpoints only by an exact allowTargets"
      + " entry)";

  /** Names of cloud metadata services (GCP, AWS), refused like their addresses. */
  static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
      "instance-data", "instance-data.ec2.internal");

  public TargetPolicy {
    Objects.requireNonNull(allowList, "allowList");
  }

  public TargetPolicy withAllowList(TargetAllowList list) {
    return new TargetPolicy(list, allowPrivate);
  }

  /** Whether the name is one of the known cloud metadata names. */
  public static boolean isMetadataName(String host) {
    return METADATA_NAMES.contains(HostLiteral.normalize(host));
  }

  /**
   * What is wrong with fetching {@code url}, judged on what it spells, without a DNS lookup: an address in a refused
   * range (in any spelling), {@code localhost}, or a cloud metadata name. Names that resolve to refused addresses
   * are caught when fetching.
   *
   * @return the reason, e.g. "2130706433 is 127.0.0.1, a loopback address", or empty when nothing is wrong
   */
  public Optional<String> refusalOfUrl(URI url) {
    String host = hostOf(url);
    if (host == null) {
      return Optional.empty();
    }
    int port = port(url);
    Optional<InetAddress> literal;
    try {
      literal = HostLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (literal.isPresent()) {
      return refusal(host, literal.get(), port);
    }
    Optional<String> byName = refusalOfName(host, port);
    if (byName.isPresent()) {
      return byName;
    }
    String h = HostLiteral.normalize(host);
    if ((h.equals("localhost") || h.endsWith(".localhost")) && !allowPrivate && !allowList.allowsName(h, port)
        && !allowList.allowsAddress(InetAddress.getLoopbackAddress(), port)) {
      return Optional.of(h + " is a loopback name");
    }
    return Optional.empty();
  }

  /** What is wrong with connecting to {@code host} by name, before resolving it: a cloud metadata name. */
  public Optional<String> refusalOfName(String host, int port) {
    if (isMetadataName(host) && !allowList.allowsName(host, port)) {
      return Optional.of(HostLiteral.normalize(host) + " is a cloud metadata name");
    }
    return Optional.empty();
  }

  /**
   * What is wrong with connecting to {@code address}, which {@code host} resolved to (or spells).
   *
   * @param port the port, or -1 when not known yet (an entry with a port then counts as allowing it)
   */
  public Optional<String> refusal(String host, InetAddress address, int port) {
    Optional<AddressRange> range = AddressRange.of(address);
    if (range.isEmpty()) {
      return Optional.empty();
    }
    boolean namedExactly = allowList.namesAddress(address, port) || isMetadataName(host)
        && allowList.allowsName(host, port);
    if (range.get() == AddressRange.METADATA) {
      return namedExactly ? Optional.empty() : Optional.of(describe(host, address, range.get()));
    }
    if (allowPrivate || namedExactly || allowList.allowsName(host, port) || allowList.allowsAddress(address, port)) {
      return Optional.empty();
    }
    return Optional.of(describe(host, address, range.get()));
  }

  /**
   * "10.0.0.1 is a private address (RFC 1918)", "2130706433 is 127.0.0.1, a loopback address",
   * "[2002:a9fe:101::] carries 169.254.1.1, a link-local address".
   */
  static String describe(String host, InetAddress address, AddressRange range) {
    String shown = text(address);
    String h = host == null ? shown : HostLiteral.normalize(host);
    String bare = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    java.net.Inet4Address carried = AddressRange.isV6(address) ? AddressRange.embeddedV4(address.getAddress())
        : null;
    if (carried != null) {
      String v6 = bare.equals(shown) || bare.equals(address.getHostAddress()) ? "[" + shown + "]" : h;
      return v6 + " carries " + carried.getHostAddress() + ", " + range.description();
    }
    if (bare.equals(shown) || bare.equals(address.getHostAddress())) {
      return shown + " is " + range.description();
    }
    return h + " is " + shown + ", " + range.description();
  }

  /**
   * The host of {@code url} as HTTP clients read it: {@link URI#getHost()} is null for hosts such as {@code 127.1}
   * or {@code 0x7f.1} (its grammar wants a letter in the last label), which clients still connect to.
   */
  public static String hostOf(URI url) {
    if (url.getHost() != null) {
      return url.getHost();
    }
    String authority = url.getRawAuthority();
    if (authority == null) {
      return null;
    }
    String a = authority.substring(authority.lastIndexOf('@') + 1);
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      return close < 0 ? a : a.substring(0, close + 1);
    }
    int colon = a.lastIndexOf(':');
    if (colon >= 0 && a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      a = a.substring(0, colon);
    }
    return a.isEmpty() ? null : a;
  }

  /** An address as people write it: 127.0.0.1, fd00::1 (zeros compressed). */
  public static String text(InetAddress address) {
    if (!AddressRange.isV6(address)) {
      return address.getHostAddress();
    }
    String full = address.getHostAddress();
    int zone = full.indexOf('%');
    String s = zone < 0 ? full : full.substring(0, zone);
    String[] groups = s.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    if (bestStart < 0) {
      return s;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  private static int port(URI url) {
    if (url.getPort() > 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }
}
