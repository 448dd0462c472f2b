package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
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
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's finding, end to end: a vendor page on a local server redirected to an internal-only page, whose text
 * was then served by the API. With the SSRF guard the internal page is never requested, nothing of it reaches a
 * snapshot or the API, the document gets a forbidden-target fetch error, and the vendor's other document goes on.
 */
class ForbiddenRedirectPipelineTest {
  private static final String SECRET = "token=s3cr3t";

  @StartStop final MockWebServer vendor = new MockWebServer();
  @StartStop final MockWebServer internal = new MockWebServer();

  @Test
  void shouldNeverFetchPublishOrServeTheInternalPageAVendorPageRedirectsTo(@TempDir Path state) throws Exception {
    String internalPage = "http://127.0.0.1:" + internal.getPort() + "/admin?" + SECRET;
    vendor.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().equals("/privacy")) {
          return new MockResponse.Builder().code(302).setHeader("Location", internalPage).build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body("<main><h1>Terms</h1><p>You may use the service as these terms allow.</p></main>").build();
      }
    });
    internal.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
            .body("<p>Internal only: " + SECRET + "</p>").build();
      }
    });
    // The vendor's site is local, so the file allows it by name and port, as a user would allow an intranet host;
    // the internal server is not allowed, and the process has no POLICY_MONITOR_ALLOW_PRIVATE_TARGETS.
    VendorsConfig vendors = new VendorsConfig(Duration.ofMillis(500), List.of("localhost:" + vendor.getPort()),
        List.of(new VendorConfig("acme", "Acme", null, List.of(
            DocumentDeclaration.of("privacy-policy", vendor.url("/privacy").toString()),
            DocumentDeclaration.of("terms", vendor.url("/terms").toString())))));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<FetchError> errors = new CopyOnWriteArrayList<>();
    List<Change> changes = new CopyOnWriteArrayList<>();
    List<String> snapshots = new CopyOnWriteArrayList<>();

    try (Pipeline pipeline = Launch.all(MonitorSettings.of(Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT0.1S")))
            .stateDir(state).vendors(vendors).start(quiet);
        KafkaConsumer<String, byte[]> out = pipeline.clients().consumer("ssrf-reader", null,
            new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.FETCH_ERRORS.name(), Topics.CHANGES.name(), Topics.SNAPSHOTS.name())) {
        out.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      out.assign(partitions);
      out.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        out.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.topic().equals(Topics.FETCH_ERRORS.name())) {
            errors.add(Topics.FETCH_ERRORS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.CHANGES.name())) {
            changes.add(Topics.CHANGES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else {
            snapshots.add(r.key() + " " + new String(r.value(), StandardCharsets.UTF_8));
          }
        });
        return !errors.isEmpty() && changes.stream().anyMatch(c -> c.key().equals("acme/terms"));
      });

      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("api/documents", "api/documents/acme/privacy-policy",
          "api/documents/acme/privacy-policy/versions", "api/documents/acme/privacy-policy/changes")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(pipeline.httpUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).as("GET /%s", path).doesNotContain("s3cr3t").doesNotContain("Internal only");
      }
    }

    assertThat(internal.getRequestCount()).as("requests that reached the internal server").isZero();
    assertThat(errors).first().satisfies(e -> {
      assertThat(e.vendor() + "/" + e.document()).isEqualTo("acme/privacy-policy");
      assertThat(e.kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.message()).startsWith("forbidden target: 127.0.0.1 is a loopback address (reached by a redirect "
          + "from " + vendor.url("/privacy") + ")").doesNotContain("s3cr3t");
      System.out.println("redirect to an internal page, end to end -> " + e.kind().wire() + ": " + e.message());
    });
    assertThat(snapshots).as("snapshots published").isNotEmpty()
        .noneMatch(s -> s.startsWith("acme/privacy-policy ")).noneMatch(s -> s.contains("s3cr3t"));
    assertThat(changes).filteredOn(c -> c.key().equals("acme/terms")).extracting(Change::kind)
        .contains(ChangeKind.FIRST);
    assertThat(changes).noneMatch(c -> c.key().equals("acme/privacy-policy") && c.kind() != ChangeKind.EXTRACTION_FAILED);
  }
}
