package dev.policymonitor.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final ConfigKey<Duration> INTERVAL = ConfigKey.of("POLICY_MONITOR_HOST_INTERVAL", ValueType.duration(true),
      "PT2S", "fetcher", "Least time between two requests to one host.");
  static final ConfigKey<Integer> ATTEMPTS = ConfigKey.of("POLICY_MONITOR_ALERT_MAX_ATTEMPTS",
      ValueType.integer(1, 100), "5", "alerts", "Attempts.");
  static final ConfigKey<Boolean> SWITCH = ConfigKey.of("POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT", ValueType.bool(),
      "false", "fetcher", "Switch.");
  static final ConfigKey<URI> HOOK = ConfigKey.of("POLICY_MONITOR_SLACK_WEBHOOK_URL", ValueType.httpUrl(), null,
      "alerts", "Secret URL.").secret();
  static final ConfigKey<Path> FILE = ConfigKey.of("POLICY_MONITOR_ALERTS_CONFIG", ValueType.existingFile(), null,
      "alerts", "A file.");
  static final KeyFamily KAFKA = new KeyFamily("POLICY_MONITOR_KAFKA_", "Kafka clients", "Client properties.",
      suffix -> suffix.endsWith("PASSWORD") || suffix.equals("SASL_JAAS_CONFIG"));
  static final ConfigRegistry REGISTRY = ConfigRegistry.builder().add(List.of(INTERVAL, ATTEMPTS, SWITCH, HOOK, FILE))
      .family(KAFKA).build();

  @TempDir Path dir;

  @Test
  void shouldReadTypedValuesAndFallBackToDefaults() throws Exception {
    Path rules = Files.writeString(dir.resolve("alerts.yaml"), "routes: []\n");
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_HOST_INTERVAL", " pt5s ",
        "POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT", "TRUE", "POLICY_MONITOR_ALERTS_CONFIG", rules.toString(),
        "POLICY_MONITOR_ALERT_MAX_ATTEMPTS", "  ", "PATH", "/usr/bin"));

    assertThat(s.get(INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.get(SWITCH)).isTrue();
    assertThat(s.find(FILE)).contains(rules);
    assertThat(s.get(ATTEMPTS)).as("blank counts as unset: the default").isEqualTo(5);
    assertThat(s.isSet(ATTEMPTS)).isFalse();
    assertThat(s.find(HOOK)).isEmpty();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void shouldStopAtABadValueWithTheKeyNameAndTheReason() {
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_HOST_INTERVAL", "2 seconds")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("POLICY_MONITOR_HOST_INTERVAL must be an ISO-8601 duration such as PT2S, not '2 seconds'");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT0S")))
        .hasMessageContaining("POLICY_MONITOR_HOST_INTERVAL must be positive");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_ALERT_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("POLICY_MONITOR_ALERT_MAX_ATTEMPTS must be between 1 and 100");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT", "yes")))
        .hasMessageContaining("POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT must be true or false");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_ALERTS_CONFIG", "/nope.yaml")))
        .hasMessageContaining("POLICY_MONITOR_ALERTS_CONFIG names a file that does not exist, not '/nope.yaml'");
  }

  @Test
  void shouldNeverPrintTheValueOfASecretKey() {
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL", "hooks secret-123")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("POLICY_MONITOR_SLACK_WEBHOOK_URL")
        .hasMessageNotContaining("secret-123");
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL", "https://hooks.test/secret-123"));
    assertThat(s.toString()).contains("POLICY_MONITOR_SLACK_WEBHOOK_URL").doesNotContain("secret-123");
  }

  @Test
  void shouldWarnAboutAnUnknownVariableAndNameTheKeyItProbablyMeant() {
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLAK_WEBHOOK_URL", "https://hooks.test/x",
        "POLICY_MONITOR_SOMETHING_ELSE_ENTIRELY", "1", "HOME", "/root"));

    assertThat(s.warnings()).containsExactly(
        "unknown environment variable POLICY_MONITOR_SLAK_WEBHOOK_URL is ignored (did you mean "
            + "POLICY_MONITOR_SLACK_WEBHOOK_URL?); every variable is listed in docs/configuration.md",
        "unknown environment variable POLICY_MONITOR_SOMETHING_ELSE_ENTIRELY is ignored; every variable is listed "
            + "in docs/configuration.md");
    assertThat(s.find(HOOK)).isEmpty();
  }

  @Test
  void shouldHandFamilyMembersOverBySuffixWithoutWarning() {
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

    assertThat(s.warnings()).isEmpty();
    assertThat(s.family(KAFKA)).containsExactly(Map.entry("SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(KeyFamily.dotted("SECURITY_PROTOCOL")).isEqualTo("security.protocol");
  }

  @Test
  void shouldLetACommandLineOptionOverrideItsVariableWithTheSameChecks() {
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT5S"));

    assertThat(s.with(INTERVAL, "PT0.2S").get(INTERVAL)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.get(INTERVAL)).as("the original is unchanged").isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> s.with(FILE, "/nope.yaml")).isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void shouldRefuseAKeyDeclaredTwiceOrAKeyOfAnotherRegistry() {
    ConfigKey<Duration> again = ConfigKey.of(INTERVAL.name(), ValueType.duration(false), null, "x", "again");
    assertThatThrownBy(() -> ConfigRegistry.builder().add(List.of(INTERVAL, again)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("declared twice");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of()).get(again))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    assertThatThrownBy(() -> ConfigKey.of("POLICY_MONITOR_BAD", ValueType.integer(1, 2), "3", "x", "bad default"))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ConfigKey.of("policy_monitor_lower", ValueType.text(), null, "x", "bad name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadASecretFromTheFileItsFileVariableNames() throws Exception {
    Path hook = Files.writeString(dir.resolve("slack"), "https://hooks.test/T0/B0/from-a-file\n");
    Path jaas = Files.writeString(dir.resolve("jaas"), "ScramLoginModule required password=\"p\";\n");
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE", hook.toString(),
        "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
        "POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/tls/truststore.p12"));

    assertThat(s.warnings()).isEmpty();
    assertThat(s.isSet(HOOK)).isTrue();
    assertThat(s.find(HOOK)).contains(URI.create("https://hooks.test/T0/B0/from-a-file"));
    assertThat(s.family(KAFKA)).containsOnly(Map.entry("SASL_JAAS_CONFIG", "ScramLoginModule required password=\"p\";"),
        Map.entry("SSL_TRUSTSTORE_LOCATION", "/etc/tls/truststore.p12"));
    assertThat(s.toString()).doesNotContain("from-a-file").doesNotContain("password");
  }

  @Test
  void shouldRefuseASecretGivenTwiceOrAFileThatCannotBeReadWithoutPrintingTheSecret() throws Exception {
    Path hook = Files.writeString(dir.resolve("slack"), "https://hooks.test/secret-in-file");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE", hook.toString(),
        "POLICY_MONITOR_SLACK_WEBHOOK_URL", "https://hooks.test/secret-in-env")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("POLICY_MONITOR_SLACK_WEBHOOK_URL and POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE are both set: set one "
            + "of them");
    Path missing = dir.resolve("no-such-secret");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE",
        missing.toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE names a file that cannot be read: " + missing
            + " (NoSuchFileException)");
    Path bad = Files.writeString(dir.resolve("bad"), "not a url secret-in-file");
    assertThatThrownBy(() -> Settings.from(REGISTRY, Map.of("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE", bad.toString())))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("POLICY_MONITOR_SLACK_WEBHOOK_URL")
        .hasMessageNotContaining("secret-in-file");
  }

  @Test
  void shouldGiveAFileFormOnlyToSecrets() throws Exception {
    Path file = Files.writeString(dir.resolve("interval"), "PT5S");
    Settings s = Settings.from(REGISTRY, Map.of("POLICY_MONITOR_HOST_INTERVAL_FILE", file.toString(),
        "POLICY_MONITOR_KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", "/etc/tls/assertion.jwt"));

    assertThat(s.warnings()).singleElement().asString().startsWith(
        "unknown environment variable POLICY_MONITOR_HOST_INTERVAL_FILE is ignored");
    assertThat(s.get(INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.family(KAFKA)).as("a member that is not a secret keeps its _FILE suffix: a setting of its own")
        .containsExactly(Map.entry("SASL_OAUTHBEARER_ASSERTION_FILE", "/etc/tls/assertion.jwt"));
    assertThat(REGISTRY.knows("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE")).isTrue();
    assertThat(REGISTRY.knows("POLICY_MONITOR_HOST_INTERVAL_FILE")).isFalse();
    ConfigKey<String> own = ConfigKey.of("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE", ValueType.text(), null, "x",
        "a module that reads its secret file itself");
    ConfigRegistry withOwn = ConfigRegistry.builder().add(List.of(HOOK, own)).build();
    assertThat(withOwn.secretFileBase(own.name())).as("a key of its own, not a file form").isEmpty();
    assertThat(Settings.from(withOwn, Map.of(own.name(), "/run/secrets/x")).find(own)).contains("/run/secrets/x");
  }
}
