package dev.policymonitor.web;

import com.sun.net.httpserver.HttpExchange;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Writes responses with the page's security headers; every response of the web module goes through here. */
final class HttpResponses {
  /** Scripts, styles and data only from this origin; nothing inline, no frames, no forms, no base. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private HttpResponses() {}

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void json(HttpExchange exchange, int status, Object value) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", Json.mapper().writeValueAsBytes(value));
  }

  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message, "status", status));
  }
}
