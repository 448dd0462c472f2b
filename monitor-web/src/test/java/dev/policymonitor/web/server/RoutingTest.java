package dev.policymonitor.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Methods are checked per route (405 with {@code Allow}; {@code /health} and {@code /metrics} answer GET and HEAD
 * only), the most specific route answers, and with a management port health and metrics live there alone.
 */
class RoutingTest {
  private WebServer server;

  private void start(Integer managementPort) {
    Routes management = Routes.builder()
        .publicGet("/health", exchange -> HttpResponses.json(exchange, 200, Map.of("status", "UP")))
        .publicGet("/metrics", exchange -> HttpResponses.send(exchange, 200, "text/plain", "m 1\n".getBytes()))
        .build();
    server = WebServer.start(new ServerSettings("127.0.0.1", 0, managementPort, false, ServerLimits.defaults()),
        management, RequestGate.NONE);
    server.mount(Routes.builder()
        .get("/api/", Role.VIEWER, exchange -> HttpResponses.json(exchange, 200, Map.of("api", "read")))
        .write("POST", "/api/things", Role.EDITOR, exchange -> HttpResponses.json(exchange, 201, Map.of("api", "made")))
        .publicGet("/", exchange -> HttpResponses.json(exchange, 200, Map.of("page", 1)))
        .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldAnswerHealthAndMetricsToGetAndHeadOnly() throws Exception {
    start(null);
    for (String path : new String[] {"/health", "/metrics"}) {
      for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
        RawHttp.Answer a = request(server.port(), method, path);
        assertThat(a.status()).as(method + " " + path).isEqualTo(405);
        assertThat(a.headers()).containsEntry("allow", "GET, HEAD");
      }
      assertThat(request(server.port(), "GET", path).status()).isEqualTo(200);
      RawHttp.Answer head = request(server.port(), "HEAD", path);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Test
  void shouldCheckTheMethodAgainstTheMostSpecificPath() throws Exception {
    start(null);
    RawHttp.Answer post = request(server.port(), "POST", "/api/documents");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("allow", "GET, HEAD");
    assertThat(request(server.port(), "POST", "/api/things").status()).isEqualTo(201);
    RawHttp.Answer get = request(server.port(), "GET", "/api/things");
    assertThat(get.status()).as("the most specific path decides").isEqualTo(405);
    assertThat(get.headers()).containsEntry("allow", "POST");
    assertThat(request(server.port(), "DELETE", "/").headers()).containsEntry("allow", "GET, HEAD");
    RawHttp.Answer none = request(server.port(), "GET", "/nothing/here");
    assertThat(none.status()).as("the page's prefix route answers").isEqualTo(200);
  }

  @Test
  void shouldServeHealthAndMetricsOnlyOnTheManagementPortWhenThereIsOne() throws Exception {
    start(0);
    int management = server.managementUri().getPort();
    assertThat(management).isNotEqualTo(server.port());
    assertThat(request(management, "GET", "/health").status()).isEqualTo(200);
    assertThat(request(management, "GET", "/metrics").body()).contains("m 1");
    assertThat(request(management, "GET", "/api/documents").status()).as("no API on the management port")
        .isEqualTo(404);
    assertThat(request(management, "GET", "/").status()).isEqualTo(404);
    assertThat(request(server.port(), "GET", "/metrics").body()).as("no metrics on the web port")
        .doesNotContain("m 1");
    assertThat(request(server.port(), "GET", "/api/documents").status()).isEqualTo(200);
  }

  private static RawHttp.Answer request(int port, String method, String path) throws IOException {
    return RawHttp.send(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + (method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "Content-Length: 0\r\n" : "")
        + "\r\n");
  }
}
