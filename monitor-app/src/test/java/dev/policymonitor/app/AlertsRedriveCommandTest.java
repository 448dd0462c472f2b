package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class AlertsRedriveCommandTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  private static int run(PrintStream out, String... args) {
    PrintStream saved = System.out;
    System.setOut(out);
    try {
      CommandLine cli = PolicyMonitor.commandLine();
      cli.setErr(new PrintWriter(new StringWriter()));
      return cli.execute(args);
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void shouldRedriveADeadLetteredAlertOnceFromTheCommandLine() throws Exception {
    TopicsAdmin.ensure(KAFKA.clients());
    Change change = new Change("r3dr1ve0000000000001", "corero/privacy-policy", "corero", "privacy-policy",
        ChangeKind.CHANGED, Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T12:00:00Z"), "A", "B",
        List.of("We now share data with partners."), List.of(), List.of(), List.of(), null, Severity.HIGH,
        List.of(), List.of(), List.of(), null, SnapshotSource.LIVE, null);
    DeadLetter letter = new DeadLetter("console", "IOException: broken pipe", 5, Instant.now(), List.of(change),
        null, null, null, null);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.ALERTS_DLQ.name(), letter.key(), Json.mapper().writeValueAsString(letter)))
          .get();
    }

    ByteArrayOutputStream first = new ByteArrayOutputStream();
    int code = run(new PrintStream(first, true, StandardCharsets.UTF_8), "alerts", "redrive",
        "--bootstrap-servers", KAFKA.bootstrapServers(), "--channel", "console");
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    int again = run(new PrintStream(second, true, StandardCharsets.UTF_8), "alerts", "redrive",
        "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(code).isZero();
    assertThat(first.toString(StandardCharsets.UTF_8)).contains("ALERT [HIGH] corero/privacy-policy changed")
        .contains("1 delivered, 0 still failing");
    assertThat(again).isZero();
    assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain("ALERT").contains("1 already delivered");
  }

  @Test
  void shouldRefuseARedriveWithoutACluster() {
    assertThat(run(System.out, "alerts", "redrive")).isEqualTo(PolicyMonitor.USAGE_ERROR);
    assertThat(run(System.out, "alerts", "redrive", "--bootstrap-servers", "127.0.0.1:1", "--channel", "pager"))
        .isEqualTo(PolicyMonitor.USAGE_ERROR);
  }
}
