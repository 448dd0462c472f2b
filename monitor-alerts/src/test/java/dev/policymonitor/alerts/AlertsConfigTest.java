package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {
  @TempDir Path dir;

  @Test
  void shouldTurnOnEachChannelWhoseKeyIsSet() {
    AlertsConfig config = AlertsConfig.from(Map.of(
        "POLICY_MONITOR_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/secret",
        "POLICY_MONITOR_WEBHOOK_URL", "https://example.test/hook",
        "POLICY_MONITOR_SMTP_HOST", "smtp.example.test",
        "POLICY_MONITOR_SMTP_USERNAME", "alerts",
        "POLICY_MONITOR_SMTP_PASSWORD", "pw",
        "POLICY_MONITOR_EMAIL_FROM", "alerts@example.test",
        "POLICY_MONITOR_EMAIL_TO", "a@example.test, b@example.test",
        "POLICY_MONITOR_MIN_SEVERITY", "Medium"));

    List<AlertsService.Channel> channels = AlertChannels.build(config, System.out);

    assertThat(channels).extracting(AlertsService.Channel::name).containsExactly("console", "slack", "email", "webhook");
    assertThat(config.minSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(config.smtp().orElseThrow().to()).hasSize(2);
    assertThat(config.smtp().orElseThrow().port()).isEqualTo(587);
    assertThat(config.smtp().orElseThrow().sessionProperties()).containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.connectiontimeout", "15000").containsEntry("mail.smtp.timeout", "15000");
    assertThat(config.smtp().orElseThrow().toString()).doesNotContain("pw");
  }

  @Test
  void shouldRunWithTheConsoleAloneWhenNothingIsSet() {
    assertThat(AlertChannels.build(AlertsConfig.from(Map.of()), System.out))
        .extracting(AlertsService.Channel::name).containsExactly("console");
  }

  @Test
  void shouldExplainWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> AlertsConfig.from(Map.of("POLICY_MONITOR_SMTP_HOST", "smtp.example.test")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("POLICY_MONITOR_EMAIL_FROM");
    assertThatThrownBy(() -> AlertsConfig.from(Map.of("POLICY_MONITOR_MIN_SEVERITY", "urgent")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("low, medium or high");
    assertThatThrownBy(() -> AlertsConfig.from(Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL", "not a url secret-123")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("POLICY_MONITOR_SLACK_WEBHOOK_URL")
        .hasMessageNotContaining("secret-123");
    assertThatThrownBy(() -> AlertsConfig.from(Map.of("POLICY_MONITOR_ALERTS_CONFIG", "/nope.yaml")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("/nope.yaml");
  }

  @Test
  void shouldRefuseRoutesForChannelsThatAreNotConfigured() throws Exception {
    Path file = dir.resolve("alerts.yaml");
    Files.writeString(file, "routes:\n  - channel: slack\n    minSeverity: high\n");

    AlertsConfig config = AlertsConfig.from(Map.of("POLICY_MONITOR_ALERTS_CONFIG", file.toString()));

    assertThatThrownBy(() -> AlertChannels.build(config, System.out)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("[slack]");
  }

  @Test
  void shouldDeclareEachKeyOnceAndDocumentItInTheRepository() throws Exception {
    assertThat(new HashSet<>(AlertsConfig.KEYS.stream().map(dev.policymonitor.runtime.config.ConfigKey::name).toList()))
        .hasSameSizeAs(AlertsConfig.KEYS);
    Path doc = Path.of("..", "docs", "alerts.md");
    String text = Files.readString(doc);
    for (dev.policymonitor.runtime.config.ConfigKey<?> key : AlertsConfig.KEYS) {
      assertThat(text).as("docs/alerts.md documents %s", key.name()).contains(key.name());
    }
  }
}
