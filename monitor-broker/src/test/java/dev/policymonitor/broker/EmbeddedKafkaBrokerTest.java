package dev.policymonitor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @Test
  void shouldKeepTopicsRecordsAndAddressAcrossARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
    String firstAddress;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
      firstAddress = broker.bootstrapServers();
      assertThat(firstAddress).startsWith("127.0.0.1:");
      List<String> created = TopicsAdmin.ensure(KafkaClients.of(firstAddress));
      assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(t -> t.name()).toList());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, firstAddress), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.CHANGES.name(), "corero/privacy-policy", "{\"kind\":\"first\"}")).get();
      }
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
      assertThat(broker.bootstrapServers()).isEqualTo(firstAddress);
      assertThat(TopicsAdmin.ensure(KafkaClients.of(broker.bootstrapServers()))).isEmpty();
      assertThat(readAll(broker.bootstrapServers(), Topics.CHANGES.name())).containsExactly("{\"kind\":\"first\"}");
    }
  }

  @Test
  void shouldCreateTopicsWithTheirPartitionsAndConfigs() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      TopicsAdmin.ensure(KafkaClients.of(broker.bootstrapServers()));

      var versions = admin.describeTopics(List.of(Topics.VERSIONS.name())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(Topics.VERSIONS.name());
      var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.VERSIONS.name())))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next();

      assertThat(versions.partitions()).hasSize(Topics.VERSIONS.partitions());
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  private static List<String> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }
}
