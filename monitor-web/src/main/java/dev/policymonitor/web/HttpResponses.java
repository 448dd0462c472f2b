package dev.policymonitor.web;

import dev.policymonitor.model.Json;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.server.SecurityHeaders;
import java.io.IOException;
import java.util.Map;

/**
 * Writes the web module's responses. The server adds the security headers to every response
 * ({@link SecurityHeaders}: the strict CSP, nosniff, no framing, no referrer).
 */
public final class HttpResponses {
  /** Scripts, styles and data only from this origin; nothing inline, no frames, no forms, no base. */
  static final String CONTENT_SECURITY_POLICY = SecurityHeaders.CONTENT_SECURITY_POLICY;

  private HttpResponses() {}

  public static void send(WebExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.setResponseHeader("Cache-Control", "no-store");
    exchange.send(status, contentType, body);
  }

  public static void json(WebExchange exchange, int status, Object value) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", Json.mapper().writeValueAsBytes(value));
  }

  public static void error(WebExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message, "status", status));
  }
}
