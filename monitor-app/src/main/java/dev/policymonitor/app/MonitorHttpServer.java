package dev.policymonitor.app;

import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.http.WebHandler;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.server.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of a service: {@code /health} (= {@code /health/ready}) and {@code /health/live}, answered by a
 * {@link HealthCheck}, and {@code /metrics} (Prometheus), public and GET/HEAD only, on the management port when there
 * is one; and the web routes ({@code /api}, the page, login) that others mount.
 */
final class MonitorHttpServer implements AutoCloseable {
  private final WebServer server;
  private final HealthCheck health;

  private MonitorHttpServer(WebServer server, HealthCheck health) {
    this.server = server;
    this.health = health;
  }

  /**
   * @param observability served as {@code /metrics}; null: no metrics route
   * @param gate who may reach the web routes mounted later
   */
  static MonitorHttpServer start(ServerSettings settings, HealthCheck health, Observability observability,
      RequestGate gate) {
    WebHandler readiness = exchange -> {
      HealthCheck.Report report = health.ready();
      HttpResponses.json(exchange, report.httpStatus(), report.body());
    };
    Routes.Builder management = Routes.builder()
        .publicGet("/health", readiness)
        .publicGet("/health/ready", readiness)
        .publicGet("/health/live", exchange -> {
          HealthCheck.Report report = health.live();
          HttpResponses.json(exchange, report.httpStatus(), report.body());
        });
    if (observability != null) {
      management.publicGet("/metrics", exchange -> HttpResponses.send(exchange, 200, Observability.CONTENT_TYPE,
          observability.scrape().getBytes(StandardCharsets.UTF_8)));
    }
    return new MonitorHttpServer(WebServer.start(settings, management.build(), gate), health);
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
    health.close();
  }
}
