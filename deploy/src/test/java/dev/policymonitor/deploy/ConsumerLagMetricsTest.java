package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.app.observability.ConsumerLagMetrics.GroupTopic;
import dev.policymonitor.app.observability.ConsumerLagMetrics;
import dev.policymonitor.testing.KafkaBroker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsumerLagMetricsTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @Test
  void shouldReportRecordsBetweenTheGroupsCommittedOffsetsAndTheEndOfEachTopic() throws Exception {
    String topic = "lag-test-topic";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
          new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get();
        }
      }
      // partition 0 and 1 hold 5 records each; the group consumed 2 of partition 0 and all of partition 1
      admin.alterConsumerGroupOffsets("lag-group", Map.of(
          new TopicPartition(topic, 0), new OffsetAndMetadata(2),
          new TopicPartition(topic, 1), new OffsetAndMetadata(5))).all().get(30, TimeUnit.SECONDS);
    }

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ConsumerLagMetrics lag = new ConsumerLagMetrics(KAFKA.clients(), List.of("lag-group", "no-such-group"),
        Duration.ofMillis(200))) {
      assertThat(lag.lag()).containsExactly(Map.entry(new GroupTopic("lag-group", topic), 3L));

      lag.bindTo(registry);
      await().atMost(Duration.ofSeconds(20)).until(() -> registry.find(ConsumerLagMetrics.NAME)
          .tags("group", "lag-group", "topic", topic).gauge() != null);
      Gauge gauge = registry.find(ConsumerLagMetrics.NAME).tags("group", "lag-group", "topic", topic).gauge();
      assertThat(gauge.value()).isEqualTo(3.0);
      assertThat(gauge.getId().getDescription()).isNotBlank();
    }
  }
}
