package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.runtime.GroupMembership;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Why a service killed with SIGKILL resumes at once when {@code POLICY_MONITOR_INSTANCE_ID} is set: a static member
 * that comes back under its name takes its partitions back without a rebalance, while the dead member's session (two
 * minutes here) has not run out. A static member does not leave its group when its consumer closes, so to the group
 * coordinator the first consumer's close is a crash.
 */
class StaticMembershipTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final String TOPIC = "membership-test";
  private static final Map<String, Object> LONG_SESSION = Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 120_000,
      ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);

  @Test
  void shouldTakeItsPartitionsBackWithoutARebalanceWhenAStaticMemberComesBackBeforeItsSessionEnds() throws Exception {
    try (Admin admin = KAFKA.clients().admin(Duration.ofSeconds(30))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    KafkaClients fetcher = KAFKA.clients().withMembership(GroupMembership.staticMember("fetcher-0"));

    Set<TopicPartition> owned;
    int generation;
    try (KafkaConsumer<String, String> first = fetcher.consumer("first", "membership", new StringDeserializer(),
        new StringDeserializer(), LONG_SESSION)) {
      owned = assigned(first);
      generation = first.groupMetadata().generationId();
    }
    try (KafkaConsumer<String, String> restarted = fetcher.consumer("restarted", "membership",
        new StringDeserializer(), new StringDeserializer(), LONG_SESSION)) {
      assertThat(assigned(restarted)).isEqualTo(owned);
      assertThat(restarted.groupMetadata().generationId()).as("no rebalance: the group did not wait for anyone")
          .isEqualTo(generation);
      assertThat(restarted.groupMetadata().groupInstanceId()).contains("fetcher-0");
    }
  }

  /** Subscribes and polls until the group gives the consumer its partitions. */
  private static Set<TopicPartition> assigned(KafkaConsumer<String, String> consumer) {
    consumer.subscribe(List.of(TOPIC));
    await().atMost(Duration.ofSeconds(100)).until(() -> {
      consumer.poll(Duration.ofMillis(200));
      return !consumer.assignment().isEmpty();
    });
    return Set.copyOf(consumer.assignment());
  }
}
