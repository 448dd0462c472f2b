package dev.policymonitor.web.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the HTTP server listens.
 *
 * @param bindAddress the interface address ({@code 127.0.0.1} by default; {@code 0.0.0.0} in containers)
 * @param port the web port (page, API; also health and metrics without a management port); 0: any free port
 * @param managementPort null: health and metrics on {@code port}; else their own port (0: any free port)
 * @param trustForwarded honour {@code Forwarded} / {@code X-Forwarded-*} (only behind a proxy that sets them)
 */
public record ServerSettings(String bindAddress, int port, Integer managementPort, boolean trustForwarded,
    ServerLimits limits) {
  public static final String LOOPBACK = "127.0.0.1";

  public ServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(limits, "limits");
    checkPort("the HTTP port", port);
    if (managementPort != null) {
      checkPort("the management port", managementPort);
      if (managementPort != 0 && managementPort == port) {
        throw new IllegalArgumentException("the management port must differ from the HTTP port: " + port);
      }
    }
  }

  /** Loopback, one port, default limits: tests and local tools. */
  public static ServerSettings loopback(int port) {
    return new ServerSettings(LOOPBACK, port, null, false, ServerLimits.defaults());
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0..65535: " + port);
    }
  }

  /** True when only this machine can connect ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}). */
  public boolean loopbackOnly() {
    return isLoopback(bindAddress);
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
