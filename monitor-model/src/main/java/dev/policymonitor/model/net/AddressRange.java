package dev.policymonitor.model.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The ranges of addresses the fetcher refuses by default, and {@link #of} to find an address's. An IPv6 address
 * that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it
 * carries, so {@code [::ffff:127.0.0.1]} is loopback.
 */
public enum AddressRange {
  /** The endpoints clouds serve instance credentials on; refused even when private addresses are allowed. */
  METADATA("a cloud metadata address"),
  LOOPBACK("a loopback address"),
  PRIVATE("a private address (RFC 1918)"),
  CGNAT("a carrier-grade NAT address (100.64.0.0/10)"),
  LINK_LOCAL("a link-local address"),
  UNIQUE_LOCAL("a unique-local address (fc00::/7)"),
  SITE_LOCAL("a site-local address (fec0::/10)"),
  MULTICAST("a multicast address"),
  UNSPECIFIED("an unspecified address (0.0.0.0/8 or ::)"),
  RESERVED("a reserved address");

  /**
   * AWS, GCP, Azure, Oracle, DigitalOcean and OpenStack instance metadata (169.254.169.254), AWS ECS task metadata
   * (169.254.170.2), EKS Pod Identity (169.254.170.23, fd00:ec2::23), AWS IMDS over IPv6 (fd00:ec2::254), Alibaba
   * Cloud (100.100.100.200).
   */
  static final Set<InetAddress> METADATA_ADDRESSES = Set.of(v4(169, 254, 169, 254), v4(169, 254, 170, 2),
      v4(169, 254, 170, 23), v4(100, 100, 100, 200), v6("fd00:ec2::254"), v6("fd00:ec2::23"));

  private final String description;

  AddressRange(String description) {
    this.description = description;
  }

  /** How a person reads it: "a loopback address". */
  public String description() {
    return description;
  }

  /** The refused range {@code address} is in, or empty for an address the fetcher may reach. */
  public static Optional<AddressRange> of(InetAddress address) {
    if (METADATA_ADDRESSES.contains(address)) {
      return Optional.of(METADATA);
    }
    if (address instanceof Inet4Address v4) {
      return ofV4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    Inet4Address embedded = embeddedV4(b);
    if (embedded != null) {
      Optional<AddressRange> inner = of(embedded);
      if (inner.isPresent() || isCompatible(b)) {
        return inner.isPresent() ? inner : Optional.of(RESERVED);
      }
      return Optional.empty();
    }
    return ofV6(b);
  }

  /**
   * The IPv4 address an IPv6 address carries, or null: IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible
   * {@code ::/96} (but {@code ::} and {@code ::1}), NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} and Teredo
   * {@code 2001::/32} (its client address, stored inverted).
   */
  public static Inet4Address embeddedV4(byte[] b) {
    if (b.length != 16) {
      return null;
    }
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return v4(b, 12, false);
    }
    if (isCompatible(b)) {
      return v4(b, 12, false);
    }
    if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
      return v4(b, 12, false);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return v4(b, 2, false);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
      return v4(b, 12, true);
    }
    return null;
  }

  private static boolean isCompatible(byte[] b) {
    return zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
  }

  private static Optional<AddressRange> ofV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    AddressRange r = null;
    if (a0 == 0) {
      r = UNSPECIFIED;
    } else if (a0 == 127) {
      r = LOOPBACK;
    } else if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
      r = PRIVATE;
    } else if (a0 == 100 && (a1 & 0xc0) == 64) {
      r = CGNAT;
    } else if (a0 == 169 && a1 == 254) {
      r = LINK_LOCAL;
    } else if (a0 >= 224 && a0 <= 239) {
      r = MULTICAST;
    } else if (a0 >= 240 || a0 == 192 && a1 == 0 && a2 == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
      r = RESERVED; // 240/4 and broadcast, IETF protocol assignments 192.0.0.0/24, benchmarking 198.18.0.0/15
    }
    return Optional.ofNullable(r);
  }

  private static Optional<AddressRange> ofV6(byte[] b) {
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    AddressRange r = null;
    if (zero(b, 0, 16)) {
      r = UNSPECIFIED;
    } else if (zero(b, 0, 15) && b[15] == 1) {
      r = LOOPBACK;
    } else if ((b0 & 0xfe) == 0xfc) {
      r = UNIQUE_LOCAL;
    } else if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      r = LINK_LOCAL;
    } else if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      r = SITE_LOCAL;
    } else if (b0 == 0xff) {
      r = MULTICAST;
    } else if (b0 == 0x01 && b1 == 0 && zero(b, 2, 8)
        || b0 == 0 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0 && b[5] == 1) {
      r = RESERVED; // discard-only 100::/64, local-use NAT64 64:ff9b:1::/48
    }
    return Optional.ofNullable(r);
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static Inet4Address v4(byte[] b, int offset, boolean inverted) {
    byte[] four = Arrays.copyOfRange(b, offset, offset + 4);
    if (inverted) {
      for (int i = 0; i < 4; i++) {
        four[i] = (byte) ~four[i];
      }
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress v4(int a, int b, int c, int d) {
    return v4(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, 0, false);
  }

  private static InetAddress v6(String literal) {
    return HostLiteral.parse(literal).orElseThrow();
  }

  /** Whether {@code address} is an IPv6 address (for messages that show it bracketed). */
  static boolean isV6(InetAddress address) {
    return address instanceof Inet6Address;
  }
}
