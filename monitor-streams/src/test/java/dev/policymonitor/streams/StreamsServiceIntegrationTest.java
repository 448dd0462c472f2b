package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.testing.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StreamsServiceIntegrationTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final String APP_ID = "streams-service-it-" + System.nanoTime();
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  private static final String BANNER = "<p class=\"banner\">Subscribe to our newsletter today.</p>";
  private static final String ADDED = "We share your email address with our payment processor.";

  @TempDir Path stateDir;

  private static byte[] page(String... paragraphs) {
    StringBuilder html = new StringBuilder("<html><body><h1>Privacy Policy</h1>");
    html.append("<p>We collect your name and email address when you register.</p>")
        .append("<p>We use cookies to remember your preferences.</p>")
        .append("<p>You can ask us to delete your account at any time.</p>");
    for (String p : paragraphs) {
      html.append(p.startsWith("<") ? p : "<p>" + p + "</p>");
    }
    return html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Snapshot snapshot(byte[] body, Instant at) {
    return new Snapshot("acme", "privacy-policy", "https://acme.example/privacy", SnapshotSource.LIVE, at, at, 200,
        "text/html", "UTF-8", null, body);
  }

  @Test
  void shouldTurnSnapshotsIntoChangesAndReprocessIntoTechnicalUpgradesOnly() throws Exception {
    String bootstrap = KAFKA.bootstrapServers();
    TopicsAdmin.ensure(KafkaClients.of(bootstrap));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    try (StreamsService service = new StreamsService(KafkaClients.of(bootstrap), stateDir, APP_ID, overrides,
        DetectionSettings.defaults());
        KafkaProducer<String, Target> targets = KafkaClients.of(bootstrap).producer("test-targets",
            Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer());
        KafkaProducer<String, Snapshot> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES),
            Topics.SNAPSHOTS.keySerde().serializer(), Topics.SNAPSHOTS.valueSerde().serializer());
        KafkaConsumer<String, Change> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, APP_ID + "-reader",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
      service.metrics().bindTo(registry);
      // The document is tracked, without selectors (generic extraction).
      track(targets, service, DocumentDeclaration.of("privacy-policy", "https://acme.example/privacy"));
      service.start(Duration.ofSeconds(60));
      consumer.subscribe(List.of(Topics.CHANGES.name()));
      List<Change> seen = new ArrayList<>();

      // Given a first capture, a duplicate and an edited capture
      producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), "acme/privacy-policy", snapshot(page(BANNER), T0)));
      producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), "acme/privacy-policy",
          snapshot(page(BANNER), T0.plusSeconds(60))));
      producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), "acme/privacy-policy",
          snapshot(page(ADDED, BANNER), T0.plusSeconds(120))));
      producer.flush();

      // Then exactly one first and one changed event arrive, naming the added sentence
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
        assertThat(seen).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
      });
      assertThat(seen.get(1).added()).containsExactly(ADDED);
      assertThat(registry.get("policy.versions").tag("result", "unchanged").counter().count()).isEqualTo(1);

      // When the extraction rules change and the stored snapshots are reprocessed
      track(targets, service, new DocumentDeclaration("privacy-policy", "https://acme.example/privacy", List.of(),
          List.of(Selector.css(".banner")), List.of(), null, null));
      try (SnapshotReprocessor reprocessor = new SnapshotReprocessor(KafkaClients.of(bootstrap))) {
        Map<TopicPartition, Long> before = reprocessor.endOffsets(Topics.CHANGES.name());
        AtomicLong progress = new AtomicLong();
        long copied = reprocessor.copyAll(progress::set);
        assertThat(copied).isEqualTo(3);
        assertThat(progress.get()).isEqualTo(3);
        assertThat(reprocessor.awaitConsumed(APP_ID, Duration.ofSeconds(60))).isTrue();

        // Then only technical upgrades come out: one per known version whose text changed
        List<Change> upgrades = reprocessor.technicalUpgradesSince(before);
        assertThat(upgrades).hasSize(2).allSatisfy(c -> assertThat(c.removed())
            .containsExactly("Subscribe to our newsletter today."));
        seen.clear();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
          assertThat(seen).hasSize(2);
        });
        assertThat(seen).extracting(Change::kind).containsOnly(ChangeKind.TECHNICAL_UPGRADE);
      }
    }
  }

  /** Writes the document's target to policy-targets and waits until the service's global store holds it. */
  private static void track(KafkaProducer<String, Target> targets, StreamsService service,
      DocumentDeclaration rules) throws Exception {
    Target target = new Target("acme", null, rules, Duration.ofHours(6));
    targets.send(new ProducerRecord<>(Topics.TARGETS.name(), target.key().toString(), target)).get();
    if (!service.isRunning()) {
      return; // the global store is read completely before the service starts processing
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      PlacedTarget held = service.streams().store(StoreQueryParameters.fromNameAndType(
          PolicyTopology.TARGETS_STORE, QueryableStoreTypes.<String, PlacedTarget>keyValueStore()))
          .get(target.key().toString());
      return held != null && held.target().equals(target);
    });
  }
}
