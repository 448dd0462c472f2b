package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.broker.SecureListener;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.testing.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (fetcher -> streams -> alerts) against a broker whose only client listener it is given speaks
 * SASL_SSL with SCRAM-SHA-512 over TLS, configured by {@code POLICY_MONITOR_KAFKA_*} variables with the JAAS
 * configuration and the trust store password in files; and a wrong password stopping a command at once, in one line.
 */
class SaslSslPipelineTest {
  private static final String USER = "policy-monitor";
  private static final String PASSWORD = "scram-pw-4711";
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"" + USER + "\" password=\"%s\";";

  @TempDir static Path secrets;
  static TestTls tls;
  static EmbeddedKafkaBroker broker;

  @StartStop final MockWebServer server = new MockWebServer();

  @BeforeAll
  static void startBroker() {
    tls = TestTls.create(secrets.resolve("tls"), "store-pw-4711");
    broker = EmbeddedKafkaBroker.startTemporary(SecureListener.saslSsl(tls.brokerKeyStore(), tls.password(),
        Map.of(USER, PASSWORD)));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldRunFetcherStreamsAndAlertsEndToEndOverSaslSslWithTheSecretsInFiles(@TempDir Path state)
      throws Exception {
    Path jaas = Files.writeString(secrets.resolve("sasl.jaas.config"), JAAS.formatted(PASSWORD) + "\n");
    Path storePassword = Files.writeString(secrets.resolve("truststore.password"), tls.password());
    Map<String, String> env = Map.of(
        "POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "POLICY_MONITOR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
        "POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
        "POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION", tls.trustStore().toString(),
        "POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", storePassword.toString());
    PolicySite site = new PolicySite(server);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    List<Change> changes = new ArrayList<>();
    try (Pipeline pipeline = Launch.all(MonitorSettings.of(env)).cluster(broker.secureBootstrapServers())
        .stateDir(state).vendors(site.vendors()).start(out);
        KafkaConsumer<String, Change> consumer = PolicySite.changes(pipeline.clients())) {
      assertThat(pipeline.clients().clientConfig()).containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("bootstrap.servers", broker.secureBootstrapServers());
      await().atMost(Duration.ofSeconds(90)).until(() -> PolicySite.poll(consumer, changes).size() >= 1);
      site.change();
      await().atMost(Duration.ofSeconds(90)).until(() -> PolicySite.poll(consumer, changes).size() >= 2);

      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(pipeline.httpUrl() + "health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"broker\":\"UP\"").contains("\"streams\":\"UP\"");
    }

    assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
    assertThat(changes.get(1).added()).anySatisfy(s -> assertThat(s).contains(PolicySite.ADDED));
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("bootstrap-servers: " + broker.secureBootstrapServers()).contains("ALERT")
        .contains(PolicySite.ADDED).doesNotContain(PASSWORD).doesNotContain(tls.password());
  }

  @Test
  void shouldStopACommandAtOnceWithOneLineWhenThePasswordIsWrong() throws Exception {
    Path config = Files.writeString(secrets.resolve("wrong.properties"), String.join("\n",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "sasl.jaas.config=" + JAAS.formatted("not-the-password"),
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + tls.trustStore(),
        "ssl.truststore.password=" + tls.password()));
    String expected = "policy-monitor: cannot authenticate to Kafka at " + broker.secureBootstrapServers()
        + ": SCRAM-SHA-512 authentication failed (check --kafka-config " + config + ")";

    for (List<String> command : List.of(
        List.of("vendors", "add", "--vendor", "acme", "--document", "privacy-policy", "--url",
            "https://acme.example/privacy"),
        List.of("fetcher"),
        List.of("alerts", "redrive"))) {
      CliRun cli = new CliRun();
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--bootstrap-servers", broker.secureBootstrapServers(), "--kafka-config",
          config.toString()));

      int exit = cli.run(args.toArray(String[]::new));

      assertThat(exit).as("%s exit code", command).isEqualTo(1);
      assertThat(cli.err().lines().toList()).as("%s error output", command).containsExactly(expected);
    }
  }
}
