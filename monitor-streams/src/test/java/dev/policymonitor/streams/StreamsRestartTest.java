package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.testing.CapturedLogs;
import dev.policymonitor.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across restarts of the streams service: after a clean stop, after an unclean one (the state a kill -9
 * leaves under exactly-once: stores without checkpoints, the running marker still there) and after the state
 * directory was deleted, the service resumes from its committed offsets with its state restored from the
 * changelogs: a capture it had already processed, sent again, changes nothing, and the next edit is one
 * {@code changed} event against the right previous version.
 */
class StreamsRestartTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final String APP_ID = "streams-restart-" + System.nanoTime();
  private static final String KEY = "acme/privacy-policy";
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  @TempDir Path stateDir;

  private final List<Change> changes = new ArrayList<>();

  private static byte[] page(int edits) {
    StringBuilder html = new StringBuilder("<html><body><h1>Privacy Policy</h1>")
        .append("<p>We collect your name and email address when you register.</p>");
    for (int i = 1; i <= edits; i++) {
      html.append("<p>Edit number ").append(i).append(": we keep your data for ").append(i).append(" years.</p>");
    }
    return html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Snapshot capture(int edits, int minute) {
    Instant at = T0.plusSeconds(60L * minute);
    return new Snapshot("acme", "privacy-policy", "https://acme.example/privacy", SnapshotSource.LIVE, at, at, 200,
        "text/html", "UTF-8", null, page(edits));
  }

  private StreamsService service() {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    return new StreamsService(KafkaClients.of(KAFKA.bootstrapServers()), stateDir, APP_ID, overrides,
        DetectionSettings.defaults());
  }

  private static void send(KafkaProducer<String, Snapshot> producer, Snapshot... snapshots) throws Exception {
    for (Snapshot s : snapshots) {
      producer.send(new ProducerRecord<>(Topics.SNAPSHOTS.name(), KEY, s)).get();
    }
  }

  /** Reads policy-changes until {@code count} changes of the document have arrived in all. */
  private void awaitChanges(KafkaConsumer<String, Change> consumer, int count) {
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> changes.add(r.value()));
      assertThat(changes).hasSizeGreaterThanOrEqualTo(count);
    });
  }

  /** What a kill -9 leaves under exactly-once: stores without checkpoint files, the running marker in place. */
  private void asIfKilled() throws IOException {
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().equals(".checkpoint")).toList()) {
        Files.delete(p);
      }
    }
    Files.writeString(stateDir.resolve(APP_ID + ".running"), "killed\n");
  }

  private void deleteStateDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void shouldNeitherRepeatNorMissAChangeAcrossCleanUncleanAndStatelessRestarts() throws Exception {
    KafkaClients clients = KafkaClients.of(KAFKA.bootstrapServers());
    TopicsAdmin.ensure(clients);
    try (KafkaProducer<String, Target> targets = clients.producer("restart-targets",
            Topics.TARGETS.keySerde().serializer(), Topics.TARGETS.valueSerde().serializer());
        KafkaProducer<String, Snapshot> snapshots = clients.producer("restart-snapshots",
            Topics.SNAPSHOTS.keySerde().serializer(), Topics.SNAPSHOTS.valueSerde().serializer());
        KafkaConsumer<String, Change> consumer = clients.consumer("restart-reader", "restart-reader-"
            + UUID.randomUUID(), Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.CHANGES.name()));
      Target target = new Target("acme", null, DocumentDeclaration.of("privacy-policy",
          "https://acme.example/privacy"), Duration.ofHours(6));
      targets.send(new ProducerRecord<>(Topics.TARGETS.name(), KEY, target)).get();

      try (StreamsService first = service()) {
        first.start(Duration.ofSeconds(90));
        send(snapshots, capture(0, 0), capture(1, 1));
        awaitChanges(consumer, 2);
      }

      // a clean restart: the stores come back from their checkpoints
      try (StreamsService clean = service()) {
        clean.start(Duration.ofSeconds(90));
        send(snapshots, capture(1, 2), capture(2, 3));
        awaitChanges(consumer, 3);
      }

      // an unclean one: the local stores cannot be trusted and are rebuilt from the changelogs, without errors
      asIfKilled();
      try (CapturedLogs logs = CapturedLogs.of(Level.WARN, "org.apache.kafka.streams", "dev.policymonitor.streams");
          StreamsService unclean = service()) {
        unclean.start(Duration.ofSeconds(90));
        send(snapshots, capture(2, 4), capture(3, 5));
        awaitChanges(consumer, 4);
        assertThat(logs.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("did not stop cleanly"));
        assertThat(logs.at(Level.ERROR)).as("no TaskCorruptedException logged as an error").isEmpty();
      }

      // the state directory is gone: everything is restored from the changelogs
      deleteStateDirectory();
      try (StreamsService stateless = service()) {
        stateless.start(Duration.ofSeconds(90));
        send(snapshots, capture(3, 6), capture(4, 7));
        awaitChanges(consumer, 5);
      }
    }

    assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED,
        ChangeKind.CHANGED, ChangeKind.CHANGED, ChangeKind.CHANGED);
    for (int edit = 1; edit <= 4; edit++) {
      String sentence = "Edit number " + edit + ": we keep your data for " + edit + " years.";
      assertThat(changes.get(edit).added()).as("change %d adds edit %d and nothing else", edit, edit)
          .containsExactly(sentence);
    }
    assertThat(changes).extracting(Change::changeId).doesNotHaveDuplicates();
  }
}
