package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviews survive a restart: the whole monitor in one JVM on the embedded broker, a change reviewed through the web
 * API, the process stopped and started again on the same state directory; the review, its trail and the queue's
 * counts are as they were, and {@code policy-reviews} holds the record other teams read.
 */
class ReviewRestartTest {
  /** The vendor site is local: the fetcher's SSRF guard lets it through. */
  private static final dev.policymonitor.runtime.config.Settings LOCAL_SITE = MonitorSettings.of(Map.of(
      "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"));
  private static final String POLICY = "<html><body><main><h1>Privacy Policy</h1>"
      + "<p>We collect your email address to provide the service.</p></main></body></html>";

  @StartStop final MockWebServer site = new MockWebServer();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldKeepAReviewAndItsTrailAcrossARestart(@TempDir Path state) throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(POLICY).build();
      }
    });
    VendorsConfig vendors = new VendorsConfig(Duration.ofMinutes(10), List.of(new VendorConfig("acme", "Acme", null,
        List.of(DocumentDeclaration.of("privacy-policy", site.url("/privacy").toString())))));
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    String changeId;
    String bootstrap;
    try (Pipeline pipeline = Launch.all(LOCAL_SITE).stateDir(state).vendors(vendors).start(out)) {
      bootstrap = pipeline.clients().bootstrapServers();
      URI base = URI.create(pipeline.httpUrl());
      JsonNode timeline = await().atMost(Duration.ofSeconds(90)).until(
          () -> get(base, "/api/documents/acme/privacy-policy/changes"),
          t -> t != null && t.path("items").size() == 1);
      changeId = timeline.get("items").get(0).get("changeId").asText();
      assertThat(timeline.get("items").get(0).get("kind").asText()).isEqualTo("first");

      HttpResponse<String> saved = http.send(HttpRequest.newBuilder(base.resolve("/api/reviews/acme/privacy-policy/"
          + changeId)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"state\": \"reviewed-no-action\", \"assignee\": \"dpo\", \"note\": \"First version read in full.\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
      assertThat(get(base, "/api/reviews").get("counts").get("reviewed-no-action").asInt()).isEqualTo(1);
    }

    try (Pipeline pipeline = Launch.all(LOCAL_SITE).stateDir(state).vendors(vendors).start(out)) {
      assertThat(pipeline.clients().bootstrapServers()).isEqualTo(bootstrap);
      URI base = URI.create(pipeline.httpUrl());
      JsonNode review = await().atMost(Duration.ofSeconds(60)).until(
          () -> get(base, "/api/reviews/acme/privacy-policy/" + changeId), r -> r != null);
      assertThat(review.get("state").asText()).isEqualTo("reviewed-no-action");
      assertThat(review.get("assignee").asText()).isEqualTo("dpo");
      assertThat(review.get("trail")).hasSize(3);
      assertThat(review.get("trail").get(2).get("note").asText()).isEqualTo("First version read in full.");
      assertThat(review.get("trail").get(2).get("by").asText()).as("the open server's principal").isEqualTo("local");
      JsonNode queue = await().atMost(Duration.ofSeconds(60)).until(() -> get(base, "/api/reviews?state=all"),
          q -> q != null && q.get("total").asInt() == 1);
      assertThat(queue.get("counts").get("new").asInt()).isZero();
      assertThat(queue.get("counts").get("reviewed-no-action").asInt()).isEqualTo(1);

      ConsumerRecord<String, String> record = readOne(bootstrap);
      assertThat(record.key()).as("what another team reads").isEqualTo("acme/privacy-policy/" + changeId);
      Review read = Json.mapper().readValue(record.value(), Review.class);
      assertThat(read.state()).isEqualTo(ReviewState.REVIEWED_NO_ACTION);
      assertThat(read.trail()).hasSize(3);
    }
  }

  private JsonNode get(URI base, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** The one record of policy-reviews, read as another team's plain consumer would. */
  private static ConsumerRecord<String, String> readOne(String bootstrap) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "another-team",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.REVIEWS.name()));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return !records.isEmpty();
      });
    }
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
