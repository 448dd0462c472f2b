package dev.policymonitor.app;

import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.http.WebHandler;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.server.WebServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP side of a service: {@code /health} (= {@code /health/ready}: broker reachable, streams RUNNING),
 * {@code /health/live} (the process answers) and {@code /metrics} (Prometheus), public and GET/HEAD only, on the
 * management port when there is one; and the web routes ({@code /api}, the page, login) that others mount.
 */
final class MonitorHttpServer implements AutoCloseable {
  private final WebServer server;

  private MonitorHttpServer(WebServer server) {
    this.server = server;
  }

  /**
   * @param observability served as {@code /metrics}; null: no metrics route
   * @param gate who may reach the web routes mounted later
   */
  static MonitorHttpServer start(ServerSettings settings, HealthCheck health, Observability observability,
      RequestGate gate) {
    WebHandler readiness = exchange -> {
      Map<String, String> result = health.check();
      HttpResponses.json(exchange, "UP".equals(result.get("status")) ? 200 : 503, result);
    };
    Routes.Builder management = Routes.builder()
        .publicGet("/health", readiness)
        .publicGet("/health/ready", readiness)
        .publicGet("/health/live", exchange -> HttpResponses.json(exchange, 200, Map.of("status", "UP")));
    if (observability != null) {
      management.publicGet("/metrics", exchange -> HttpResponses.send(exchange, 200, Observability.CONTENT_TYPE,
          observability.scrape().getBytes(StandardCharsets.UTF_8)));
    }
    return new MonitorHttpServer(WebServer.start(settings, management.build(), gate));
  }

  /** Adds web routes. */
  void mount(Routes routes) {
    server.mount(routes);
  }

  /** {@code http://host:port/} of the web port. */
  String baseUrl() {
    return server.baseUri().toString();
  }

  /** {@code http://host:port/} of health and metrics (the web port's unless there is a management port). */
  String managementUrl() {
    return server.managementUri().toString();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
