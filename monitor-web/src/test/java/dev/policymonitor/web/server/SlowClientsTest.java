package dev.policymonitor.web.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Routes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients cannot stop the server (issue 12: four idle connections froze the JDK server's four
 * threads, and {@code /health} with them): connections wait on a selector, not a thread each; a request's
 * headers must arrive within the header timeout; silent connections are closed after the idle timeout.
 */
class SlowClientsTest {
  private static final int IDLE_CLIENTS = 50;
  private static final int TRICKLING_CLIENTS = 50;
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private WebServer server;

  private WebServer start(ServerLimits limits) {
    Routes management = Routes.builder()
        .publicGet("/health", exchange -> HttpResponses.json(exchange, 200, Map.of("status", "UP"))).build();
    WebServer s = WebServer.start(new ServerSettings("127.0.0.1", 0, null, false, limits), management,
        RequestGate.NONE);
    s.mount(Routes.builder().publicGet("/", exchange -> HttpResponses.json(exchange, 200, Map.of("page", 1)))
        .build());
    return s;
  }

  @AfterEach
  void stop() throws IOException {
    trickle.shutdownNow();
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldAnswerHealthWhileAHundredSlowClientsHoldConnections() throws Exception {
    server = start(ServerLimits.defaults());
    for (int i = 0; i < IDLE_CLIENTS; i++) {
      sockets.add(connect());
    }
    List<Socket> tricklers = new ArrayList<>();
    for (int i = 0; i < TRICKLING_CLIENTS; i++) {
      Socket s = connect();
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      tricklers.add(s);
    }
    sockets.addAll(tricklers);
    trickle.scheduleWithFixedDelay(() -> tricklers.forEach(SlowClientsTest::oneByte), 0, 500, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() >= IDLE_CLIENTS + TRICKLING_CLIENTS);

    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      RawHttp.Answer health = RawHttp.send(server.port(),
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      micros.add((System.nanoTime() - t0) / 1000);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).contains("\"UP\"");
    }
    assertThat(server.openConnections()).as("the slow clients are still connected")
        .isGreaterThanOrEqualTo(IDLE_CLIENTS + TRICKLING_CLIENTS);
    assertThat(server.slowHeaderConnectionsClosed()).as("none was held past the header timeout yet").isZero();
    Collections.sort(micros);
    System.out.printf("SlowClientsTest: /health with %d idle + %d trickling connections open: %d requests, "
        + "p50 %.1f ms, max %.1f ms%n", IDLE_CLIENTS, TRICKLING_CLIENTS, micros.size(),
        micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
  }

  @Test
  void shouldCloseAConnectionWhoseHeadersTrickleBeyondTheHeaderTimeout() throws Exception {
    server = start(ServerLimits.defaults().withHeaderTimeout(Duration.ofSeconds(1)));
    Socket slow = connect();
    sockets.add(slow);
    slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    trickle.scheduleWithFixedDelay(() -> oneByte(slow), 0, 200, TimeUnit.MILLISECONDS);
    slow.setSoTimeout(20_000);
    assertThat(slow.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
    assertThat(server.slowHeaderConnectionsClosed()).isEqualTo(1);

    RawHttp.Answer whole = RawHttp.send(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(whole.status()).as("a request that arrives whole is answered").isEqualTo(200);
  }

  @Test
  void shouldCloseAnIdleConnectionAfterTheIdleTimeout() throws Exception {
    server = start(ServerLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
    Socket idle = connect();
    sockets.add(idle);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
    idle.setSoTimeout(20_000);
    assertThat(idle.getInputStream().read()).as("the server closed the silent connection").isEqualTo(-1);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
  }

  @Test
  void shouldAnswerHealthWhileEveryWebRequestSlotIsBusyAndTurnAwayTheOverflow() throws Exception {
    ServerLimits d = ServerLimits.defaults();
    ServerLimits two = new ServerLimits(d.headerTimeout(), d.idleTimeout(), d.bodyTimeout(), d.maxHeaderBytes(),
        d.maxBodyBytes(), d.maxThreads(), 2, Duration.ofMillis(500), d.maxConnections());
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    server = start(two);
    server.mount(Routes.builder().publicGet("/slow", exchange -> {
      busy.incrementAndGet();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      HttpResponses.json(exchange, 200, Map.of("slow", true));
    }).build());
    var pool = Executors.newFixedThreadPool(3);
    try {
      var first = pool.submit(() -> RawHttp.send(server.port(), "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
      var second = pool.submit(() -> RawHttp.send(server.port(), "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
      await().atMost(Duration.ofSeconds(10)).until(() -> busy.get() == 2);
      RawHttp.Answer health = RawHttp.send(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(health.status()).as("health is never held back").isEqualTo(200);
      RawHttp.Answer overflow = RawHttp.send(server.port(), "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(overflow.status()).as("a third web request waits its turn, then is turned away").isEqualTo(503);
      assertThat(overflow.headers()).containsEntry("x-content-type-options", "nosniff");
      assertThat(busy.get()).isEqualTo(2);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
    return s;
  }

  private static void oneByte(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      out.write('a');
      out.flush();
    } catch (IOException e) {
      // closed by the server: that is what the timeout test waits for
    }
  }
}
