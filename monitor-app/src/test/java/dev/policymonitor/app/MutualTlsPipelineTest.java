package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.broker.SecureListener;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.testing.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a broker whose client listener requires client certificates (mutual TLS), configured
 * by a {@code --kafka-config} properties file whose store passwords come from another file through Kafka's
 * {@code FileConfigProvider}.
 */
class MutualTlsPipelineTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void shouldRunFetcherStreamsAndAlertsEndToEndOverMutualTlsFromAKafkaConfigFile(@TempDir Path dir) throws Exception {
    TestTls tls = TestTls.create(dir.resolve("tls"), "store-pw-mtls");
    Path secrets = Files.writeString(dir.resolve("tls-secrets.properties"), "store.password=" + tls.password());
    String password = "${file:" + secrets + ":store.password}";
    Path config = Files.writeString(dir.resolve("client.properties"), String.join("\n",
        "security.protocol=SSL",
        "config.providers=file",
        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + tls.clientKeyStore(),
        "ssl.keystore.password=" + password,
        "ssl.key.password=" + password,
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + tls.trustStore(),
        "ssl.truststore.password=" + password));
    PolicySite site = new PolicySite(server);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary(SecureListener.mutualTls(
        tls.brokerKeyStore(), tls.password(), tls.trustStore(), tls.password()))) {
      String bootstrap = broker.secureBootstrapServers();
      KafkaConfigOption option = new KafkaConfigOption();
      option.kafkaConfig = config;
      StringWriter warnings = new StringWriter();
      KafkaClientConfig kafka = option.load(bootstrap, MonitorSettings.of(Map.of()), new PrintWriter(warnings));
      assertThat(warnings.toString()).isEmpty();

      List<Change> changes = new ArrayList<>();
      try (Pipeline pipeline = Launch.all(MonitorSettings.of(Map.of())).cluster(bootstrap).kafka(kafka)
          .stateDir(dir.resolve("state")).vendors(site.vendors()).start(out);
          KafkaConsumer<String, Change> consumer = PolicySite.changes(pipeline.clients())) {
        assertThat(pipeline.clients().clientConfig()).containsEntry("security.protocol", "SSL")
            .containsEntry("ssl.keystore.password", password);
        await().atMost(Duration.ofSeconds(90)).until(() -> PolicySite.poll(consumer, changes).size() >= 1);
        site.change();
        await().atMost(Duration.ofSeconds(90)).until(() -> PolicySite.poll(consumer, changes).size() >= 2);
      }

      assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
      assertThat(console.toString(StandardCharsets.UTF_8)).contains("ALERT").contains(PolicySite.ADDED)
          .doesNotContain(tls.password());
    }
  }
}
