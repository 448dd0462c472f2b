package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.ConfigRegistry;
import dev.policymonitor.runtime.config.RuntimeKeys;
import dev.policymonitor.runtime.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
  private static final ConfigRegistry REGISTRY = ConfigRegistry.builder().family(RuntimeKeys.KAFKA).build();
  private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"monitor\" password=\"%s\";";

  @TempDir Path dir;

  private static KafkaClientConfig load(Map<String, String> env, Path file) {
    return KafkaClientConfig.load(Settings.from(REGISTRY, env), file);
  }

  @Test
  void shouldMapEachVariableToItsClientPropertyAndLetTheKafkaConfigFileWin() throws Exception {
    Path file = properties("client.properties", Map.of("sasl.mechanism", "SCRAM-SHA-512",
        "ssl.endpoint.identification.algorithm", ""));
    KafkaClientConfig config = load(Map.of("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "POLICY_MONITOR_KAFKA_SASL_MECHANISM", "PLAIN", "POLICY_MONITOR_KAFKA_REQUEST_TIMEOUT_MS", "20000"), file);

    assertThat(config.properties()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("request.timeout.ms", "20000"),
        Map.entry("ssl.endpoint.identification.algorithm", ""));
    assertThat(config.source("sasl.mechanism")).isEqualTo("--kafka-config " + file);
    assertThat(config.source("security.protocol")).isEqualTo("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL");
    assertThat(config.warnings()).isEmpty();
    assertThat(config.clients("broker:9093").clientConfig()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "broker:9093");
    assertThat(load(Map.of(), null).isEmpty()).isTrue();
  }

  @Test
  void shouldReadAPasswordPropertyFromTheFileItsFileVariableNames() throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas.conf"), SCRAM.formatted("pw-from-a-file") + "\n");
    KafkaClientConfig config = load(Map.of("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "POLICY_MONITOR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString()), null);

    assertThat(config.properties()).containsEntry("sasl.jaas.config", SCRAM.formatted("pw-from-a-file"));
    assertThat(config.toString()).doesNotContain("pw-from-a-file");
    assertThat(KafkaClientConfig.isPassword("sasl.jaas.config")).isTrue();
    assertThat(KafkaClientConfig.isPassword("ssl.truststore.password")).isTrue();
    assertThat(KafkaClientConfig.isPassword("ssl.truststore.location")).isFalse();
  }

  @Test
  void shouldResolveFileAndDirectoryConfigProviderReferences() throws Exception {
    Path secrets = properties("secrets.properties", Map.of("scram.password", "pw-from-a-provider"));
    Path mounted = Files.createDirectories(dir.resolve("mounted"));
    Files.writeString(mounted.resolve("jaas"), SCRAM.formatted("pw-from-a-directory"));
    Path file = properties("client.properties", Map.of("security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "SCRAM-SHA-512",
        "config.providers", "file,dir",
        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
        "config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
        "sasl.jaas.config", SCRAM.formatted("${file:" + secrets + ":scram.password}")));

    KafkaClientConfig viaFile = load(Map.of(), file);
    KafkaClientConfig viaDirectory = load(Map.of("POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG",
        "${dir:" + mounted + ":jaas}"), file);

    assertThat(viaFile.warnings()).isEmpty();
    assertThat(viaFile.properties()).as("left for each client to resolve: a rotated secret is read again")
        .containsEntry("sasl.jaas.config", SCRAM.formatted("${file:" + secrets + ":scram.password}"));
    AdminClientConfig admin = new AdminClientConfig(viaFile.clients("broker:9092").clientConfig());
    assertThat(admin.getPassword("sasl.jaas.config").value()).contains("pw-from-a-provider");
    assertThat(viaDirectory.source("sasl.jaas.config")).as("the file wins").startsWith("--kafka-config");
    KafkaClientConfig directoryOnly = load(Map.of("POLICY_MONITOR_KAFKA_CONFIG_PROVIDERS", "dir",
        "POLICY_MONITOR_KAFKA_CONFIG_PROVIDERS_DIR_CLASS",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
        "POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "POLICY_MONITOR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG", "${dir:" + mounted + ":jaas}"), null);
    assertThat(new AdminClientConfig(directoryOnly.clients("broker:9092").clientConfig())
        .getPassword("sasl.jaas.config").value()).contains("pw-from-a-directory");
  }

  @Test
  void shouldStopAtAReferenceItsProviderCannotResolveNamingWhereItCameFrom() throws Exception {
    Path secrets = properties("secrets.properties", Map.of("other.key", "x"));
    Map<String, String> providers = Map.of("POLICY_MONITOR_KAFKA_CONFIG_PROVIDERS", "file",
        "POLICY_MONITOR_KAFKA_CONFIG_PROVIDERS_FILE_CLASS",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    Map<String, String> noKey = new java.util.HashMap<>(providers);
    noKey.put("POLICY_MONITOR_KAFKA_SSL_KEYSTORE_PASSWORD", "${file:" + secrets + ":keystore.password}");
    Map<String, String> noFile = new java.util.HashMap<>(providers);
    Path missing = dir.resolve("missing.properties");
    noFile.put("POLICY_MONITOR_KAFKA_SSL_KEYSTORE_PASSWORD", "${file:" + missing + ":keystore.password}");

    assertThatThrownBy(() -> load(noKey, null)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ssl.keystore.password (POLICY_MONITOR_KAFKA_SSL_KEYSTORE_PASSWORD) refers to ${file:"
            + secrets + ":keystore.password}, which config provider file could not resolve");
    assertThatThrownBy(() -> load(noFile, null)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void shouldWarnAboutAnUnknownPropertyNamingTheClosestAndIgnoreBootstrapServers() throws Exception {
    Path file = properties("client.properties", Map.of("bootstrap.servers", "elsewhere:9092"));
    KafkaClientConfig config = load(Map.of("POLICY_MONITOR_KAFKA_SASL_MECHANISMS", "PLAIN"), file);

    assertThat(config.warnings()).containsExactly(
        "bootstrap.servers (--kafka-config " + file + ") is ignored: the cluster is the one --bootstrap-servers names",
        "unknown Kafka client property sasl.mechanisms (POLICY_MONITOR_KAFKA_SASL_MECHANISMS) is passed on as is "
            + "(did you mean sasl.mechanism?)");
    assertThat(config.properties()).containsOnlyKeys("sasl.mechanisms");
  }

  @Test
  void shouldStopAtAFileThatCannotBeReadOrAValueKafkaRejectsWithoutPrintingSecrets() throws Exception {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> load(Map.of(), missing)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("--kafka-config names a file that does not exist: " + missing);
    assertThatThrownBy(() -> load(Map.of("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSLX"), null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("(POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL)").hasMessageContaining("SASL_SSLX");
    Path store = dir.resolve("no-truststore.p12");
    assertThatThrownBy(() -> load(Map.of("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION", store.toString()), null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("ssl.truststore.location (POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION) names a file that cannot "
            + "be read: " + store);
    assertThatThrownBy(() -> load(Map.of("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"pw-unterminated\""), null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("sasl.jaas.config (POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG) is not a valid JAAS")
        .hasMessageNotContaining("pw-unterminated");
    assertThatThrownBy(() -> load(Map.of("POLICY_MONITOR_KAFKA_SSL_KEY_PASSWORD", "pw-123",
        "POLICY_MONITOR_KAFKA_SSL_KEYSTORE_TYPE", "NOPE", "POLICY_MONITOR_KAFKA_REQUEST_TIMEOUT_MS", "pw-123"), null))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("request.timeout.ms");
  }

  private Path properties(String name, Map<String, String> values) throws Exception {
    Properties p = new Properties();
    p.putAll(values);
    Path file = dir.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }
}
