package dev.policymonitor.web;

import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the page (plain HTML, CSS and JS from the classpath) and turns real-path permalinks
 * ({@code /changes/...}, {@code /documents/...}) into the page's {@code /#/...} routes.
 */
final class StaticHandler implements WebHandler {
  private static final String ROOT = "/dev/policymonitor/web/static/";
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css",
      "/favicon.svg", "favicon.svg", "/reviews.js", "reviews.js", "/vendors.js", "vendors.js");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  @Override
  public void handle(WebExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      HttpResponses.send(exchange, 405, "text/plain; charset=utf-8", "only GET".getBytes());
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    if (path.startsWith("/changes/") || path.startsWith("/documents/")) {
      exchange.setResponseHeader("Location", "/#" + path);
      HttpResponses.send(exchange, 302, "text/plain; charset=utf-8", new byte[0]);
      return;
    }
    String file = FILES.get(path);
    if (file == null) {
      HttpResponses.send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes());
      return;
    }
    HttpResponses.send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), read(file));
  }

  private static byte[] read(String file) {
    try (InputStream in = StaticHandler.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("page resource missing from the jar: " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
