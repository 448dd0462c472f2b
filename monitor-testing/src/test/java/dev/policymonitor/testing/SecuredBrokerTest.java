package dev.policymonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.broker.SecureListener;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.ClusterAccess;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.runtime.config.ConfigRegistry;
import dev.policymonitor.runtime.config.RuntimeKeys;
import dev.policymonitor.runtime.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's secure listeners with the monitor's own client factory: SCRAM-SHA-512 over TLS and mutual
 * TLS carry records, the plaintext listener is unchanged beside them, and a wrong password or a missing client
 * certificate is refused at the first contact, in one line.
 */
class SecuredBrokerTest {
  private static final ConfigRegistry REGISTRY = ConfigRegistry.builder().family(RuntimeKeys.KAFKA).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void shouldCarryRecordsOverSaslSslForAScramUserAndRefuseAWrongPasswordAtOnce() {
    TestTls tls = TestTls.create(dir.resolve("tls"), "store-pw-1");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary(SecureListener.saslSsl(
        tls.brokerKeyStore(), tls.password(), Map.of("monitor", "scram-pw-1")))) {
      String secure = broker.secureBootstrapServers();
      KafkaClientConfig good = scram(tls, "scram-pw-1");
      ClusterAccess.verify(good.clients(secure), good, TIMEOUT);

      assertThat(roundTrip(good.clients(secure), "secured", true)).containsExactly("a record");
      assertThat(roundTrip(KafkaClients.of(broker.bootstrapServers()), "plain", false))
          .as("the plaintext listener is as before").containsExactly("a record");

      KafkaClientConfig wrong = scram(tls, "not-the-password");
      assertThatThrownBy(() -> ClusterAccess.verify(wrong.clients(secure), wrong, TIMEOUT))
          .isInstanceOf(ClusterAccess.KafkaAccessException.class)
          .hasMessage("cannot authenticate to Kafka at " + secure + ": SCRAM-SHA-512 authentication failed (check "
              + "POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG)");
      KafkaClientConfig plaintext = KafkaClientConfig.none();
      assertThatThrownBy(() -> ClusterAccess.verify(plaintext.clients(secure), plaintext, Duration.ofSeconds(3)))
          .as("a plaintext client on a TLS listener never gets an answer")
          .hasMessageStartingWith("cannot reach Kafka at " + secure + " within 3 s")
          .hasMessageContaining("security.protocol PLAINTEXT");
    }
  }

  @Test
  void shouldCarryRecordsOverMutualTlsAndRefuseAClientWithoutACertificate() {
    TestTls tls = TestTls.create(dir.resolve("tls"), "store-pw-2");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary(SecureListener.mutualTls(
        tls.brokerKeyStore(), tls.password(), tls.trustStore(), tls.password()))) {
      String secure = broker.secureBootstrapServers();
      Map<String, String> env = trusting(tls, "SSL");
      env.put("POLICY_MONITOR_KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
      env.put("POLICY_MONITOR_KAFKA_SSL_KEYSTORE_LOCATION", tls.clientKeyStore().toString());
      env.put("POLICY_MONITOR_KAFKA_SSL_KEYSTORE_PASSWORD", tls.password());
      KafkaClientConfig withCertificate = config(env);
      ClusterAccess.verify(withCertificate.clients(secure), withCertificate, TIMEOUT);

      assertThat(roundTrip(withCertificate.clients(secure), "mtls", true)).containsExactly("a record");

      KafkaClientConfig without = config(trusting(tls, "SSL"));
      assertThatThrownBy(() -> ClusterAccess.verify(without.clients(secure), without, TIMEOUT))
          .isInstanceOf(ClusterAccess.KafkaAccessException.class)
          .hasMessageStartingWith("cannot connect to Kafka at " + secure + ": the TLS handshake failed");
    }
  }

  private static KafkaClientConfig scram(TestTls tls, String password) {
    Map<String, String> env = trusting(tls, "SASL_SSL");
    env.put("POLICY_MONITOR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    env.put("POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule "
        + "required username=\"monitor\" password=\"" + password + "\";");
    return config(env);
  }

  private static Map<String, String> trusting(TestTls tls, String protocol) {
    Map<String, String> env = new HashMap<>();
    env.put("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", protocol);
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION", tls.trustStore().toString());
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_PASSWORD", tls.password());
    return env;
  }

  private static KafkaClientConfig config(Map<String, String> env) {
    return KafkaClientConfig.load(Settings.from(REGISTRY, env), null);
  }

  /** Creates the changes topic if missing, writes one record if asked, and reads what the topic holds. */
  private static List<String> roundTrip(KafkaClients clients, String group, boolean write) {
    TopicsAdmin.ensure(clients, List.of(Topics.CHANGES), Optional.empty(), TIMEOUT);
    try (KafkaConsumer<String, String> consumer = clients.consumer(group, group, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.CHANGES.name()));
      List<String> values = new ArrayList<>();
      if (write) {
        try (KafkaProducer<String, String> producer = clients.producer(group, new StringSerializer(),
            new StringSerializer())) {
          producer.send(new ProducerRecord<>(Topics.CHANGES.name(), "acme/privacy-policy", "a record")).get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }
}
