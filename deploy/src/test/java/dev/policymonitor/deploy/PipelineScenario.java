package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.app.LauncherFixture;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorsConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as deployed, one scenario for every kind of broker: fetcher, streams and alerts started
 * against {@link #bootstrapServers()} (never an embedded broker), a vendor page on MockWebServer that is edited
 * after its first version; a {@code first} and then a {@code changed} event must arrive on {@code policy-changes},
 * alerts must show the added sentence, and the HTTP paths the deploy files probe and scrape must answer.
 * Subclasses choose the broker: the in-process KRaft broker (runs everywhere) or an {@code apache/kafka} container.
 */
abstract class PipelineScenario {
  static final String KEY = "acme/privacy-policy";
  static final String ADDED = "We share device identifiers with analytics partners located in Canada.";
  private static final String PAGE = "<!doctype html><html><head><title>Acme privacy policy</title></head><body>"
      + "<nav><a href=\"/\">Home</a></nav><main><h1>Privacy Policy</h1>"
      + "<p>Acme collects the e-mail address you give us when you create an account.</p>"
      + "<p>We keep account data for as long as your account is open.</p>%s"
      + "<p>You can ask us to delete your data at any time.</p></main><footer>Acme Inc.</footer></body></html>";

  @TempDir Path stateDir;
  @StartStop final MockWebServer site = new MockWebServer();

  /** The Kafka cluster the services run against. */
  protected abstract String bootstrapServers();

  @Test
  void shouldEmitFirstThenChangedForAnEditedPageAndAlertOnTheAddedSentence() throws Exception {
    AtomicReference<String> page = new AtomicReference<>(String.format(PAGE, ""));
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!"/acme/privacy-policy".equals(request.getUrl().encodedPath())) {
          return new MockResponse.Builder().code(404).build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<Change> changes = new CopyOnWriteArrayList<>();

    try (LauncherFixture app = LauncherFixture.startAll(bootstrapServers(), stateDir, vendors(),
            new PrintStream(console, true, StandardCharsets.UTF_8));
        KafkaConsumer<String, Change> consumer = changesConsumer()) {
      consumer.subscribe(List.of(Topics.CHANGES.name()));
      await().atMost(Duration.ofSeconds(90)).until(() -> poll(consumer, changes, ChangeKind.FIRST));

      page.set(String.format(PAGE, "<p>" + ADDED + "</p>"));
      await().atMost(Duration.ofSeconds(90)).until(() -> poll(consumer, changes, ChangeKind.CHANGED));

      assertThat(changes).filteredOn(c -> c.kind() == ChangeKind.FIRST).hasSize(1);
      Change changed = changes.stream().filter(c -> c.kind() == ChangeKind.CHANGED).findFirst().orElseThrow();
      assertThat(changed.key()).isEqualTo(KEY);
      assertThat(changed.added()).anySatisfy(sentence -> assertThat(sentence).contains(ADDED));
      await().atMost(Duration.ofSeconds(30))
          .until(() -> console.toString(StandardCharsets.UTF_8).contains(ADDED));

      for (String path : List.of("health/live", "health/ready", "metrics")) {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /%s", path).isEqualTo(200);
      }
    }
  }

  private static boolean poll(KafkaConsumer<String, Change> consumer, List<Change> into, ChangeKind wanted) {
    consumer.poll(Duration.ofMillis(500)).forEach(r -> {
      if (r.value() != null && KEY.equals(r.key())) {
        into.add(r.value());
      }
    });
    return into.stream().anyMatch(c -> c.kind() == wanted);
  }

  private KafkaConsumer<String, Change> changesConsumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "scenario-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), Topics.CHANGES.valueSerde().deserializer());
  }

  private VendorsConfig vendors() {
    // The vendor site is a local MockWebServer: the file allows it, as a user allows an intranet host.
    String yaml = "pollInterval: PT1S\nallowTargets: [localhost]\nvendors:\n  - id: acme\n    documents:\n      - type: privacy-policy\n"
        + "        url: " + site.url("/acme/privacy-policy") + "\n";
    return VendorsConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "scenario vendors");
  }
}
