package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.Digests;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.testing.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VendorsAndBackfillCommandTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final String ARCHIVED = "<html><body><p>Acme privacy policy of 2024.</p></body></html>";

  @StartStop final MockWebServer archive = new MockWebServer();
  @TempDir Path stateDir;

  private static int run(StringWriter err, String... args) {
    var cli = PolicyMonitor.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldWriteATargetToItsHostPartitionAndTombstoneItOnRemove() {
    StringWriter err = new StringWriter();
    int added = run(err, "vendors", "add", "--bootstrap-servers", KAFKA.bootstrapServers(), "--vendor", "acme",
        "--document", "privacy-policy", "--url", "https://www.acme.example/privacy", "--poll-interval", "6h",
        "--render", "browser");
    assertThat(added).as(err.toString()).isZero();

    List<ConsumerRecord<String, Target>> records = readTargets();
    int home = TargetsPublisher.partitionFor("www.acme.example", Topics.TARGETS.partitions());
    assertThat(records).filteredOn(r -> r.value() != null).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("acme/privacy-policy");
      assertThat(r.partition()).isEqualTo(home);
      assertThat(r.value().pollInterval()).isEqualTo(Duration.ofHours(6));
      assertThat(r.value().declaration().render()).isEqualTo(dev.policymonitor.model.RenderMode.BROWSER);
    });

    assertThat(run(err, "vendors", "remove", "--bootstrap-servers", KAFKA.bootstrapServers(), "--vendor", "acme",
        "--document", "privacy-policy")).isZero();
    List<ConsumerRecord<String, Target>> after = readTargets();
    ConsumerRecord<String, Target> last = after.stream().filter(r -> r.partition() == home)
        .reduce((a, b) -> b).orElseThrow();
    assertThat(last.value()).as("tombstone in the home partition").isNull();
  }

  @Test
  void shouldRejectBadOptionsWithExitCode2AndOneLine() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "backfill", "--document", "privacy-policy")).isEqualTo(2);
    assertThat(err.toString()).contains("--document needs --vendor");
    assertThat(run(err, "backfill", "--vendor", "acme", "--url", "ftp://x/y")).isEqualTo(2);
    assertThat(run(err, "backfill", "--from", "last tuesday")).isEqualTo(2);
    assertThat(run(err, "vendors", "add", "--vendor", "Acme!", "--document", "p", "--url", "https://a.example/"))
        .isEqualTo(2);
    assertThat(run(err, "vendors", "add", "--vendor", "acme", "--document", "p", "--url", "https://a.example/",
        "--poll-interval", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--poll-interval must look like");
    assertThat(run(err, "vendors", "add", "--vendor", "acme", "--document", "p", "--url", "https://a.example/",
        "--render", "chrome")).isEqualTo(2);
    assertThat(err.toString()).contains("--render: render must be browser or static, not 'chrome'");
  }

  @Test
  void shouldServeItsWaybackMetricsWhileTheBackfillRuns() throws Exception {
    CountDownLatch scraped = new CountDownLatch(1);
    String page = "https://www.acme.example/privacy";
    archive.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().startsWith("/cdx/")) {
          return new MockResponse.Builder().code(200).body("[[\"timestamp\",\"original\",\"statuscode\","
              + "\"mimetype\",\"digest\",\"length\"],[\"20240101000000\",\"" + page + "\",\"200\","
              + "\"text/html\",\"" + Digests.sha1Base32(ARCHIVED) + "\",\"" + ARCHIVED.length() + "\"]]").build();
        }
        scraped.await(30, TimeUnit.SECONDS); // the capture download waits until the test has scraped
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body(ARCHIVED).build();
      }
    });
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    StringWriter err = new StringWriter();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      // The fake archive is local: the vendors file's allowTargets let the backfill reach it.
      Path vendorsFile = java.nio.file.Files.writeString(stateDir.resolve("vendors.yaml"),
          "allowTargets: [\"localhost:" + archive.getPort() + "\"]\n");
      Future<Integer> exit = runner.submit(() -> run(err, "backfill", "--bootstrap-servers", KAFKA.bootstrapServers(),
          "--vendor", "acme", "--url", page, "--wayback-url", archive.url("/").toString(), "--config",
          vendorsFile.toString(), "--state-dir", stateDir.toString(), "--http-port", Integer.toString(port)));
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
        return body.contains("policy_wayback_requests_total{endpoint=\"cdx\",outcome=\"ok\"} 1.0")
            && body.contains("policy_wayback_budget_available{endpoint=\"content\"}")
            && body.contains("policy_wayback_pauses_total");
      });
      scraped.countDown();
      assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    } finally {
      scraped.countDown();
      runner.shutdownNow();
    }
  }

  private static List<ConsumerRecord<String, Target>> readTargets() {
    List<ConsumerRecord<String, Target>> out = new ArrayList<>();
    try (KafkaConsumer<String, Target> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ConsumerConfig.CLIENT_ID_CONFIG, "test-" + UUID.randomUUID()),
        new StringDeserializer(), Topics.TARGETS.valueSerde().deserializer())) {
      List<TopicPartition> parts = c.partitionsFor(Topics.TARGETS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
