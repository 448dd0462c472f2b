package dev.policymonitor.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.delivery.HttpAnswers;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.HttpStatusPolicy;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private final AlertMetrics metrics = new AlertMetrics(List.of("webhook"));
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final Deliverer deliverer = new Deliverer(new RetrySettings(4, Duration.ofSeconds(1),
      Duration.ofMinutes(1), Duration.ofSeconds(5)), metrics, sleeper);

  WebhookAlertSinkTest() {
    metrics.bindTo(new SimpleMeterRegistry());
  }

  @Test
  void shouldPostTheGoldenChangeJsonWithAVerifiableSignature() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/hooks/policy"), new HmacSigner("s3cret"));

    sink.deliver(TestChanges.sale());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    byte[] body = request.getBody().toByteArray();
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/webhook/sale-change.golden.json")) {
      golden = Json.mapper().readTree(in);
    }
    assertThat(Json.mapper().readTree(body)).isEqualTo(golden);
    assertThat(Json.mapper().readValue(body, Change.class)).isEqualTo(TestChanges.sale());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(request.getHeaders().get(WebhookAlertSink.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    assertThat(request.getHeaders().get(WebhookAlertSink.EVENT_HEADER)).isEqualTo("change");
    assertThat(request.getHeaders().get(WebhookAlertSink.DELIVERY_HEADER)).isEqualTo("k7h2m4p6q8r1s3t5v7w9");
  }

  @Test
  void shouldPostTheLanguageAndTheSizesOfAMajorRewrite() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    new WebhookAlertSink(client, server.url("/h"), null).deliver(TestChanges.rewrite());

    JsonNode body = Json.mapper().readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().toByteArray());
    assertThat(body.get("language").asText()).isEqualTo("fr");
    assertThat(body.get("rewrite").get("previousLength").asInt()).isEqualTo(9485);
    assertThat(body.get("rewrite").get("length").asInt()).isEqualTo(3886);
  }

  @Test
  void shouldSendNoSignatureWithoutASecret() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    new WebhookAlertSink(client, server.url("/h"), null).deliver(TestChanges.hostile());

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getHeaders().get(WebhookAlertSink.SIGNATURE_HEADER)).isNull();
    // JSON consumers get the raw sentence; escaping is the renderer's job, and JSON encoding keeps it data
    assertThat(Json.mapper().readValue(request.getBody().toByteArray(), Change.class).added())
        .contains(TestChanges.HOSTILE);
  }

  @Test
  void shouldRetryA429ThenDeliver() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/h"), null);

    Deliverer.Result result = deliverer.deliver("webhook", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.delays()).containsExactly(Duration.ZERO);
  }

  @Test
  void shouldWaitUntilTheDateA503RetryAfterNames() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "Mon, 23 Nov 2026 09:00:20 GMT")
        .build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/h"), null,
        new HttpAnswers(HttpStatusPolicy.withDefaults(), clock));

    Deliverer.Result result = deliverer.deliver("webhook", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isTrue();
    assertThat(sleeper.delays()).singleElement().satisfies(d -> assertThat(d)
        .as("20 s, stretched so that the 10 %% jitter never cuts it short").isBetween(Duration.ofSeconds(20),
            Duration.ofSeconds(25)));
  }

  @Test
  void shouldNotRetryAnEndpointThatIsGone() {
    server.enqueue(new MockResponse.Builder().code(410).build());
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/h"), null);

    Deliverer.Result result = deliverer.deliver("webhook", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).isEqualTo("PermanentDeliveryException: webhook answered 410");
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void shouldFailAfterEveryAttemptAnswers500() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(500).build());
    }
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/h"), null);

    Deliverer.Result result = deliverer.deliver("webhook", () -> sink.deliver(TestChanges.sale()));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(sleeper.delays()).as("exponential backoff from 1 s, 10 %% jitter").hasSize(3)
        .satisfies(d -> assertThat(d.get(0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1100)))
        .satisfies(d -> assertThat(d.get(1)).isBetween(Duration.ofMillis(1800), Duration.ofMillis(2200)))
        .satisfies(d -> assertThat(d.get(2)).isBetween(Duration.ofMillis(3600), Duration.ofMillis(4400)));
  }

  @Test
  void shouldPostADigestAsOneDocument() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    WebhookAlertSink sink = new WebhookAlertSink(client, server.url("/h"), new HmacSigner("k"));

    sink.deliverDigest(new Digest("webhook", DigestSchedule.DAILY, Instant.parse("2026-11-23T00:00:00Z"),
        Instant.parse("2026-11-24T00:00:00Z"), List.of(TestChanges.sale(), TestChanges.hostile()),
        java.util.Map.of(TestChanges.sale().changeId(), dev.policymonitor.model.ReviewState.REVIEWED_NO_ACTION)));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    JsonNode body = Json.mapper().readTree(request.getBody().toByteArray());
    assertThat(body.get("schedule").asText()).isEqualTo("daily");
    assertThat(body.get("changes")).hasSize(2);
    assertThat(body.get("reviews").get(TestChanges.sale().changeId()).asText()).isEqualTo("reviewed-no-action");
    assertThat(request.getHeaders().get(WebhookAlertSink.EVENT_HEADER)).isEqualTo("digest");
  }
}
