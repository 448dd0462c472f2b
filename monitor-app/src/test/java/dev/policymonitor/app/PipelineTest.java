package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.config.Settings;
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

/** The whole pipeline in one JVM on the embedded broker: fetcher -> policy-snapshots -> topology -> policy-changes -> alerts. */
class PipelineTest {
  private static final String POLICY = "<html><body><nav>Home</nav><main><h1>Privacy Policy</h1>"
      + "<p>We collect your name and email address to provide the service.</p>"
      + "<p>We never sell customer data.</p></main><footer>(c) Acme</footer></body></html>";
  private static final String ADDED = "We may share usage statistics with our advertising partners.";
  /** The vendor site is a local MockWebServer: the SSRF guard's switch lets it through. */
  private static final Settings LOCAL_SITE = MonitorSettings.of(Map.of("POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"));

  @StartStop final MockWebServer site = new MockWebServer();
  private final AtomicReference<String> page = new AtomicReference<>(POLICY);

  @Test
  void shouldEmitFirstThenChangedWithTheAddedSentenceAndNoFirstAgainAfterRestart(@TempDir Path state) throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
    VendorsConfig vendors = new VendorsConfig(Duration.ofMillis(500), List.of(new VendorConfig("acme", "Acme", null,
        List.of(DocumentDeclaration.of("privacy-policy", site.url("/privacy").toString())))));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    String bootstrap;
    List<Change> changes = new ArrayList<>();
    try (Pipeline pipeline = Launch.all(LOCAL_SITE).stateDir(state).vendors(vendors).start(out)) {
      bootstrap = pipeline.clients().bootstrapServers();
      try (KafkaConsumer<String, Change> consumer = changesConsumer(bootstrap)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> poll(consumer, changes).size() >= 1);
        page.set(POLICY.replace("</main>", "<p>" + ADDED + "</p></main>"));
        await().atMost(Duration.ofSeconds(60)).until(() -> poll(consumer, changes).size() >= 2);

        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(pipeline.httpUrl() + "health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"broker\":\"UP\"")
            .contains("\"streams\":\"UP\"").contains("\"fetcher.targets\":\"UP\"")
            .contains("\"fetcher.scheduler\":\"UP\"").contains("\"alerts.consumer\":\"UP\"")
            .contains("\"alerts.housekeeping\":\"UP\"").contains("\"alerts.channel.console\":\"UP\"");
        HttpResponse<String> live = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(pipeline.httpUrl() + "health/live")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
      }
    }

    assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
    assertThat(changes.get(1).added()).anySatisfy(s -> assertThat(s).contains(ADDED));
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("bootstrap-servers: " + bootstrap).contains("tracking acme/privacy-policy")
        .contains("ALERT").contains(ADDED);

    // Restart on the same state directory: the broker keeps its history and nothing is "first" again.
    try (Pipeline pipeline = Launch.all(LOCAL_SITE).stateDir(state).vendors(vendors).start(out)) {
      assertThat(pipeline.clients().bootstrapServers()).isEqualTo(bootstrap);
      int requestsBefore = site.getRequestCount();
      await().atMost(Duration.ofSeconds(60)).until(() -> site.getRequestCount() >= requestsBefore + 3);
      page.set(POLICY);
      List<Change> all = new ArrayList<>();
      try (KafkaConsumer<String, Change> consumer = changesConsumer(bootstrap)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> poll(consumer, all).size() >= 3);
      }
      assertThat(all).extracting(Change::kind).startsWith(ChangeKind.FIRST, ChangeKind.CHANGED);
      assertThat(all.subList(1, all.size())).extracting(Change::kind).doesNotContain(ChangeKind.FIRST);
      assertThat(all.get(2).removed()).anySatisfy(s -> assertThat(s).contains(ADDED));
    }
  }

  private static KafkaConsumer<String, Change> changesConsumer(String bootstrap) {
    KafkaConsumer<String, Change> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "pipeline-test-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), Topics.CHANGES.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.CHANGES.name()));
    return consumer;
  }

  private static List<Change> poll(KafkaConsumer<String, Change> consumer, List<Change> into) {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> into.add(r.value()));
    return into;
  }
}
