package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.testing.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VendorsAndBackfillCommandTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  private static int run(StringWriter err, String... args) {
    var cli = PolicyMonitor.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldWriteATargetToItsHostPartitionAndTombstoneItOnRemove() {
    StringWriter err = new StringWriter();
    int added = run(err, "vendors", "add", "--bootstrap-servers", KAFKA.bootstrapServers(), "--vendor", "acme",
        "--document", "privacy-policy", "--url", "https://www.acme.example/privacy", "--poll-interval", "6h");
    assertThat(added).as(err.toString()).isZero();

    List<ConsumerRecord<String, Target>> records = readTargets();
    int home = TargetsPublisher.partitionFor("www.acme.example", Topics.TARGETS.partitions());
    assertThat(records).filteredOn(r -> r.value() != null).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("acme/privacy-policy");
      assertThat(r.partition()).isEqualTo(home);
      assertThat(r.value().pollInterval()).isEqualTo(Duration.ofHours(6));
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
