package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.DroppingConnections;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live polling against servers that close connections behind the client's back (an HTTP/1.0 server, a keep-alive
 * timeout): a stale pooled connection is retried by the HTTP client itself, so it never costs a check an attempt,
 * a backoff or a fetch error. Each check here gets a single attempt: one spent on a stale connection would fail it.
 */
class StaleConnectionTest {
  private static final int DOCUMENTS = 20;
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final MockWebServer server = new MockWebServer();
  private final DroppingConnections connections = new DroppingConnections();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSink sink = new RecordingSink();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final FetcherConfig config = FetcherConfig.builder().hostRate(1000, Duration.ofSeconds(1))
      .retries(1, Duration.ofSeconds(2), Duration.ofSeconds(2)).jitter(0)
      .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20))
      .allowPrivateTargets(true).build(); // the servers listen on loopback

  @AfterEach
  void stop() {
    server.close();
  }

  private static final Dispatcher PAGES = new Dispatcher() {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
          .body("<html><body><p>Policy of " + request.getTarget() + "</p></body></html>").build();
    }
  };

  private FetcherService service() {
    PolicyFetcher fetcher = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    return new FetcherService(new PoliteFetcher(fetcher, new HostRateLimiter(1000, Duration.ofSeconds(1)), config),
        sink, FetchStateStore.inMemory(), Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry), config,
        Clock.systemUTC(), line -> { }, FirstSightListener.NONE, scheduler);
  }

  private List<Target> documents() {
    return IntStream.range(0, DOCUMENTS).mapToObj(i -> new Target("vendor" + i, "Vendor " + i,
        DocumentDeclaration.of("privacy-policy", server.url("/vendor" + i).toString()), INTERVAL)).toList();
  }

  private double checks(String outcome) {
    return registry.find("policy.fetch.checks").tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @Test
  void shouldCheckEveryDocumentOnScheduleWhenTheServerClosesEachConnectionAfterItsResponse() throws Exception {
    server.setDispatcher(DroppingConnections.closingAfterEachResponse(PAGES));
    server.start();
    int intervals = 5;
    try (FetcherService service = service()) {
      documents().forEach(service::track);
      scheduler.advance(INTERVAL.multipliedBy(intervals).minusMillis(500));
    }

    int expected = DOCUMENTS * intervals;
    assertThat(checks(FetcherMetrics.FETCHED) + checks(FetcherMetrics.UNCHANGED)).as("checks in %d intervals",
        intervals).isEqualTo(expected);
    assertThat(checks(FetcherMetrics.FAILED)).isZero();
    assertThat(sink.errors).isEmpty();
    assertThat(sink.snapshots).hasSize(DOCUMENTS);
    assertThat(server.getRequestCount()).as("one request per check").isEqualTo(expected);
  }

  @Test
  void shouldNotSpendAnAttemptOnConnectionsTheServerDroppedWhileIdle() throws Exception {
    server.setServerSocketFactory(connections);
    server.setDispatcher(PAGES);
    server.start();
    int dropped;
    try (FetcherService service = service()) {
      documents().forEach(service::track);
      scheduler.advance(INTERVAL.minusMillis(500));
      assertThat(checks(FetcherMetrics.FETCHED)).isEqualTo(DOCUMENTS);

      dropped = connections.dropIdle();
      assertThat(dropped).as("the first round left keep-alive connections in the client's pool").isPositive();
      scheduler.advance(INTERVAL.multipliedBy(2));
    }

    assertThat(checks(FetcherMetrics.UNCHANGED)).as("the two rounds after the drop").isEqualTo(2 * DOCUMENTS);
    assertThat(checks(FetcherMetrics.FAILED)).isZero();
    assertThat(sink.errors).isEmpty();
    // A request that reached the server just as the dropped connection broke is sent again by OkHttp (a GET may
    // be): the server may count it twice, but the check spent one attempt and did not fail (above).
    assertThat(server.getRequestCount()).isBetween(3 * DOCUMENTS, 3 * DOCUMENTS + dropped);
  }
}
