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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code alerts redrive} run where a dead-lettered alert's channel is not configured: the alert is left in the
 * queue, so the command fails (exit 1) and says what was skipped and how to configure the channel.
 */
class AlertsRedriveSkippedTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @Test
  void shouldExitNonZeroAndSayWhyWhenItOnlySkippedAlerts() throws Exception {
    TopicsAdmin.ensure(KAFKA.clients());
    Change change = new Change("sk1pped0000000000001", "corero/privacy-policy", "corero", "privacy-policy",
        ChangeKind.CHANGED, Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-23T12:00:00Z"), "A", "B",
        List.of("We now share data with partners."), List.of(), List.of(), List.of(), null, Severity.HIGH,
        List.of(), List.of(), List.of(), null, SnapshotSource.LIVE, null);
    DeadLetter letter = new DeadLetter("slack", "IOException: Slack webhook answered 500", 5, Instant.now(),
        List.of(change), null, null, null, null);
    try (KafkaProducer<String, String> producer = KAFKA.clients().producer("skip-writer", new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.ALERTS_DLQ.name(), letter.key(),
          Json.mapper().writeValueAsString(letter))).get();
    }

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int code;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = PolicyMonitor.commandLine();
      cli.setErr(new PrintWriter(new StringWriter()));
      code = cli.execute("alerts", "redrive", "--bootstrap-servers", KAFKA.bootstrapServers());
    } finally {
      System.setOut(saved);
    }

    assertThat(code).as("an alert is left undelivered").isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("[1/1] slack corero/privacy-policy sk1pped0000000000001: skipped, channel slack is not "
            + "configured here: set POLICY_MONITOR_SLACK_WEBHOOK_URL")
        .contains("redrive: 0 delivered, 0 still failing, 1 skipped (1: channel slack is not configured here: set "
            + "POLICY_MONITOR_SLACK_WEBHOOK_URL), 0 already delivered");
  }
}
