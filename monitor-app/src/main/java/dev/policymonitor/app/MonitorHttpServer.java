package dev.policymonitor.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The HTTP side of a service: {@code /health} (= {@code /health/ready}) and {@code /health/live}, answered by a
 * {@link HealthCheck}, and routes added by others ({@code /metrics}, {@code /api}, the page).
 */
final class MonitorHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final HealthCheck health;
  private final String baseUrl;

  private MonitorHttpServer(HttpServer server, HealthCheck health) {
    this.server = server;
    this.health = health;
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  static MonitorHttpServer start(int port, HealthCheck health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
      server.setExecutor(Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "policy-http");
        t.setDaemon(true);
        return t;
      }));
      MonitorHttpServer s = new MonitorHttpServer(server, health);
      HttpHandler readiness = exchange -> {
        HealthCheck.Report report = health.ready();
        send(exchange, report.httpStatus(), "application/json", Json.mapper().writeValueAsBytes(report.body()));
      };
      s.route("/health", readiness);
      s.route("/health/ready", readiness);
      s.route("/health/live", exchange -> {
        HealthCheck.Report report = health.live();
        send(exchange, report.httpStatus(), "application/json", Json.mapper().writeValueAsBytes(report.body()));
      });
      server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve HTTP on port " + port + ": " + e.getMessage(), e);
    }
  }

  void route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      try (exchange) {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        send(exchange, 500, "text/plain", ("internal error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    server.stop(0);
    health.close();
  }
}
