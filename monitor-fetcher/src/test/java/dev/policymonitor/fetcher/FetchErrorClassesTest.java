package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which failures a check retries: a redirect loop, a 4xx (but 408 and 429) and a TLS failure end the check after one
 * attempt, since the same request would end the same way; counted on the server.
 */
class FetchErrorClassesTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final RecordingSink sink = new RecordingSink();
  /** Four attempts with millisecond backoff: a failure that were retried would show three more requests. */
  private final FetcherConfig config = FetcherConfig.builder().hostRate(1000, Duration.ofSeconds(1))
      .retries(4, Duration.ofMillis(1), Duration.ofMillis(5))
      .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10))
      .allowPrivateTargets(true).build(); // the servers listen on loopback

  private FetchResult check(String url) {
    PoliteFetcher polite = new PoliteFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(),
        config.maxBodyBytes(), Clock.systemUTC()), new HostRateLimiter(config.hostRequests(), config.hostPeriod()),
        config);
    try (FetcherService service = new FetcherService(polite, sink, FetchStateStore.inMemory(),
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config, Clock.systemUTC(),
        line -> { }, FirstSightListener.NONE, new ManualScheduler())) {
      return service.check(new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", url),
          Duration.ofHours(1)));
    }
  }

  @Test
  void shouldEndARedirectLoopAfterOneAttempt() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String next = request.getUrl().encodedPath().equals("/a") ? "/b" : "/a";
        return new MockResponse.Builder().code(302).setHeader("Location", next).build();
      }
    });

    check(server.url("/a").toString());

    System.out.println("redirect loop: " + server.getRequestCount() + " requests (was 84: 4 attempts of 21)");
    assertThat(server.getRequestCount()).as("the first request and OkHttp's 20 follow-ups, once").isEqualTo(21);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.TOO_MANY_REDIRECTS);
      assertThat(e.kind().wire()).isEqualTo("too-many-redirects");
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.message()).isEqualTo("too many redirects (more than 20), usually a redirect loop, starting at "
          + server.url("/a"));
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 404, 410, 451})
  void shouldEndAClientErrorAfterOneAttempt(int status) {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(status).build());
    }

    check(server.url("/p").toString());

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.HTTP_4XX);
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
    });
  }

  @Test
  void shouldRetryA408AsTheOneClientErrorThatIsTransient() {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<p>ok</p>")
        .build());

    assertThat(check(server.url("/p").toString())).isInstanceOf(FetchResult.Fetched.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void shouldEndATlsFailureAfterOneAttempt() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!plain.isClosed()) {
          try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
            connections.incrementAndGet();
            // Not TLS: a plain HTTP answer to the ClientHello, as a misconfigured port gives.
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();

      check("https://127.0.0.1:" + plain.getLocalPort() + "/privacy");
    }

    assertThat(connections).as("TLS handshakes tried").hasValue(1);
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.TLS);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.message()).startsWith("TLS: ");
    });
  }
}
