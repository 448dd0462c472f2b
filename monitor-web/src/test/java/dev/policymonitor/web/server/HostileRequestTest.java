package dev.policymonitor.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Route;
import dev.policymonitor.web.http.Routes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the web server: a huge URL, huge or too many headers, a huge body (declared or chunked),
 * a malformed request line or header, a bad escape. Each gets a clear 4xx with the same JSON shape and security
 * headers as the API's own errors, before anything large is buffered, and the server goes on answering.
 */
class HostileRequestTest {
  private static final int BODY_LIMIT = ServerLimits.defaults().maxBodyBytes();
  private WebServer server;

  @BeforeEach
  void start() {
    Routes management = Routes.builder()
        .publicGet("/health", exchange -> HttpResponses.json(exchange, 200, Map.of("status", "UP"))).build();
    server = WebServer.start(ServerSettings.loopback(0), management, RequestGate.NONE);
    server.mount(Routes.builder()
        .publicGet("/", exchange -> HttpResponses.json(exchange, 200, Map.of("page", 1)))
        .add(new Route("/echo-length", Set.of("POST"), null, false, exchange -> HttpResponses.json(exchange, 200,
            Map.of("length", exchange.requestBody(BODY_LIMIT).length))))
        .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldAnswerAHugeUrlWith414() throws Exception {
    RawHttp.Answer a = RawHttp.send(server.port(), "GET /" + "a".repeat(64 * 1024)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertClear(a, 414);
  }

  @Test
  void shouldAnswerHugeOrTooManyHeadersWith431() throws Exception {
    assertClear(RawHttp.send(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
        + "b".repeat(64 * 1024) + "\r\n\r\n"), 431);
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < 2000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    assertClear(RawHttp.send(server.port(), many.append("\r\n").toString()), 431);
  }

  @Test
  void shouldAnswerADeclaredHugeBodyWith413WithoutReadingIt() throws Exception {
    RawHttp.Answer a = RawHttp.send(server.port(), "POST /echo-length HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + (50L * 1024 * 1024) + "\r\n\r\n{");
    assertClear(a, 413);
  }

  @Test
  void shouldStopReadingAChunkedBodyAtTheLimitWith413() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /echo-length HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      long sent = 0;
      try {
        // up to 50 MiB; the server stops reading at its 1 MiB limit
        while (sent < 50L * 1024 * 1024) {
          out.write(chunk);
          sent += 0x10000;
        }
      } catch (IOException e) {
        // the server answered and closed the connection
      }
      assertClear(RawHttp.read(s.getInputStream()), 413);
      System.out.printf("HostileRequestTest: chunked body refused with 413 after the client had written %d KiB "
          + "(limit %d KiB)%n", sent / 1024, BODY_LIMIT / 1024);
    }
  }

  @Test
  void shouldAcceptABodyWithinTheLimit() throws Exception {
    byte[] body = "y".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(("POST /echo-length HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    req.write(body);
    RawHttp.Answer a = RawHttp.send(server.port(), req.toByteArray());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("\"length\":100000");
  }

  @Test
  void shouldAnswerMalformedRequestsWith400() throws Exception {
    assertClear(RawHttp.send(server.port(), "THIS IS NOT HTTP\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET /a/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET /?q=a|b{c} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    assertClear(RawHttp.send(server.port(), "GET / HTTP/1.1\r\n\r\n"), 400); // HTTP/1.1 without Host
    byte[] nul = "GET /\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertClear(RawHttp.send(server.port(), nul), 400);
  }

  @Test
  void shouldGoOnAnsweringAfterHostileRequests() throws Exception {
    for (int i = 0; i < 20; i++) {
      RawHttp.send(server.port(), "GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.send(server.port(), "THIS IS NOT HTTP\r\n\r\n");
    }
    RawHttp.Answer health = RawHttp.send(server.port(),
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(health.status()).isEqualTo(200);
  }

  private static void assertClear(RawHttp.Answer a, int status) {
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    assertThat(a.headers()).containsEntry("x-content-type-options", "nosniff")
        .containsEntry("content-security-policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
        .containsKey("content-type");
    assertThat(a.headers().get("content-type")).startsWith("application/json");
    assertThat(a.body()).contains("\"status\":" + status).contains("\"error\":");
  }
}
