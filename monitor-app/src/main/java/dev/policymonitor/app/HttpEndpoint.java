package dev.policymonitor.app;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.server.ServerLimits;
import dev.policymonitor.web.server.ServerSettings;

/**
 * Where a process serves HTTP, as its command line says: {@code --http-bind} (null: {@code POLICY_MONITOR_HTTP_BIND},
 * else 127.0.0.1), {@code --http-port} and {@code --management-port} (null: health and metrics on the HTTP port).
 */
record HttpEndpoint(String bind, int port, Integer managementPort) {
  /** Loopback on {@code port}, one port: what tests and the older entry points use. */
  static HttpEndpoint loopback(int port) {
    return new HttpEndpoint(null, port, null);
  }

  /** The server settings, the bind address resolved and checked, the proxy setting from {@code security}. */
  ServerSettings serverSettings(WebSecuritySettings security) {
    String address = bind != null ? bind.trim() : security.httpBind() != null ? security.httpBind()
        : ServerSettings.LOOPBACK;
    if (address.isEmpty()) {
      throw new InvalidConfigException("--http-bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    try {
      return new ServerSettings(address, port, managementPort, security.trustForwarded(), ServerLimits.defaults());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
  }
}
