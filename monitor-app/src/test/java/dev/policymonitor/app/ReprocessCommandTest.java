package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.testing.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReprocessCommandTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @TempDir Path stateDir;

  @Test
  void shouldPrintTheTechnicalUpgradesOfKnownVersionsWhenTheRulesChanged() {
    String bootstrap = KAFKA.bootstrapServers();
    TopicsAdmin.ensure(KafkaClients.of(bootstrap));
    // Tracked without extraction rules first.
    assertThat(run("vendors", "add", "--bootstrap-servers", bootstrap, "--vendor", "acme", "--document",
        "privacy-policy", "--url", "https://acme.example/privacy")).isZero();
    String html = "<html><body><h1>Privacy</h1><p>We collect your email address to send receipts.</p>"
        + "<p>We keep receipts for seven years.</p><div class=\"promo\"><p>Try our new app today.</p></div>"
        + "</body></html>";
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    Snapshot snapshot = new Snapshot("acme", "privacy-policy", "https://acme.example/privacy", SnapshotSource.LIVE,
        at, at, 200, "text/html", "UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
    Properties overrides = new Properties();
    overrides.put("commit.interval.ms", 100);
    try (StreamsService streams = new StreamsService(KafkaClients.of(bootstrap), stateDir,
        StreamsService.APPLICATION_ID, overrides, DetectionSettings.defaults());
        KafkaProducer<String, Snapshot> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Topics.SNAPSHOTS.keySerde().serializer(),
            Topics.SNAPSHOTS.valueSerde().serializer());
        KafkaConsumer<String, Version> versions = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "reprocess-test",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            Topics.VERSIONS.keySerde().deserializer(), Topics.VERSIONS.valueSerde().deserializer())) {
      streams.start(Duration.ofSeconds(60));
      producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), "acme/privacy-policy", snapshot));
      producer.flush();
      versions.subscribe(List.of(Topics.VERSIONS.name()));
      await().atMost(Duration.ofSeconds(60)).until(() -> !versions.poll(Duration.ofMillis(200)).isEmpty());
      // The rules change while the streams service runs: it learns them from policy-targets.
      assertThat(run("vendors", "add", "--bootstrap-servers", bootstrap, "--vendor", "acme", "--document",
          "privacy-policy", "--url", "https://acme.example/privacy", "--remove", ".promo")).isZero();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        PlacedTarget held = streams.streams().store(StoreQueryParameters.fromNameAndType(PolicyTopology.TARGETS_STORE,
            QueryableStoreTypes.<String, PlacedTarget>keyValueStore())).get("acme/privacy-policy");
        return held != null && held.target().declaration().remove().equals(List.of(Selector.css(".promo")));
      });

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = PolicyMonitor.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int exit = cli.execute("reprocess", "--bootstrap-servers", bootstrap, "--timeout", "PT60S");

      assertThat(err.toString()).isEmpty();
      assertThat(exit).isZero();
      assertThat(out.toString())
          .contains("reprocess: queued 1/1 snapshots")
          .contains("\"kind\":\"technical-upgrade\"")
          .contains("\"removed\":[\"Try our new app today.\"]")
          .contains("reprocess: 1 snapshots re-derived, 1 technical-upgrade events");
    }
  }

  private static int run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = PolicyMonitor.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    assertThat(err.toString()).as("stderr of %s", String.join(" ", args)).isEmpty();
    return exit;
  }
}
