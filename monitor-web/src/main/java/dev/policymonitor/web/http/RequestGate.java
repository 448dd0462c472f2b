package dev.policymonitor.web.http;

import java.util.Map;

/**
 * Decides, before its handler runs, whether a request may reach a route: who sent it (authentication), whether
 * their role suffices, and whether a write really comes from our own page (CSRF). The server asks the gate for
 * every request to a web route; health and metrics routes are public and skip it.
 */
public interface RequestGate {
  Decision check(WebExchange exchange, Route route);

  /** Every request passes, as nobody: for tests and for servers without web routes. */
  RequestGate NONE = (exchange, route) -> new Allow(null);

  /** The request goes on, on behalf of {@code principal} (null: nobody is logged in, on a public route). */
  sealed interface Decision permits Allow, Refuse {}

  record Allow(Principal principal) implements Decision {}

  /** The request is answered here with {@code status} and a JSON error, plus {@code headers}. */
  record Refuse(int status, String message, Map<String, String> headers) implements Decision {
    public Refuse(int status, String message) {
      this(status, message, Map.of());
    }
  }
}
