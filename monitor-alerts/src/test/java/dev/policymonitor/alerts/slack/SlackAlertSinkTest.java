package dev.policymonitor.alerts.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.model.Json;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackAlertSinkTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertMetrics metrics = new AlertMetrics(List.of("slack"));
  private SlackAlertSink sink;
  private Deliverer deliverer;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void setUp() {
    metrics.bindTo(registry);
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    sink = new SlackAlertSink(client, server.url("/services/T000/B000/XXXX"),
        new SlackMessage("https://monitor.example.com"));
    deliverer = new Deliverer(new RetrySettings(3, Duration.ofMillis(10), Duration.ofSeconds(2),
        Duration.ofSeconds(5)), metrics, sleeper);
  }

  @Test
  void shouldPostTheGoldenPayloadAsJson() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    sink.deliver(TestChanges.sale());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(Json.mapper().readTree(request.getBody().utf8()))
        .isEqualTo(SlackMessageTest.golden("sale-change.golden.json"));
  }

  @Test
  void shouldEscapeAHostileSentenceOnTheWire() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    sink.deliver(TestChanges.hostile());

    String body = server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
    assertThat(body).doesNotContain("<!channel>").doesNotContain("<https://evil|click>")
        .contains("&lt;!channel&gt; &lt;https://evil|click&gt;");
  }

  @Test
  void shouldWaitForRetryAfterOn429ThenDeliver() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("rate_limited").build());
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    Deliverer.Result result = deliverer.deliver("slack", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.delays()).as("waited for Retry-After: 1, however the jitter falls").singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assertThat(registry.get(AlertMetrics.RETRIES).tag("channel", "slack").counter().count()).isEqualTo(1.0);
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptOn500() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(500).body("rollup_error").build());
    }

    Deliverer.Result result = deliverer.deliver("slack", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.error()).contains("500").contains("rollup_error");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(registry.get(AlertMetrics.DELIVERIES).tags("channel", "slack", "outcome", "failed").counter().count())
        .isEqualTo(3.0);
  }

  @Test
  void shouldHonourRetryAfterOnlyUpToTheLongestBackoff() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").body("rate_limited").build());
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    assertThat(deliverer.deliver("slack", () -> sink.deliver(TestChanges.sale())).delivered()).isTrue();

    assertThat(sleeper.delays()).as("the longest backoff, 2 s, give or take its 10 %% jitter").singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(1800), Duration.ofMillis(2200)));
  }

  @Test
  void shouldNotRetryARevokedWebhook() {
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    Deliverer.Result result = deliverer.deliver("slack", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).contains("no_service");
  }
}
