package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Static members name themselves in every group they join, and only there. */
class GroupMembershipTest {
  private final KafkaClients clients = KafkaClients.of("127.0.0.1:1");

  @Test
  void shouldNameAStaticMemberInItsConsumersAndStreamsButNotInConsumersWithoutAGroup() {
    KafkaClients named = clients.withMembership(GroupMembership.staticMember("fetcher-0"));

    assertThat(named.membership().instanceId()).contains("fetcher-0");
    assertThat(named.streamsConfig("app", Map.of())).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
        "fetcher-0");
    assertThat(GroupMembership.staticMember("fetcher-0").consumerConfig())
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "fetcher-0");
    // a consumer without a group (a table read to its end) takes no instance id
    try (KafkaConsumer<String, String> reader = named.consumer("reader", null, new StringDeserializer(),
        new StringDeserializer())) {
      assertThat(reader.subscription()).isEmpty();
    }
    try (KafkaConsumer<String, String> member = named.consumer("member", "group", new StringDeserializer(),
        new StringDeserializer())) {
      assertThat(member.groupMetadata().groupInstanceId()).contains("fetcher-0");
    }
  }

  @Test
  void shouldJoinDynamicallyWithoutAName() {
    assertThat(clients.membership().instanceId()).isEmpty();
    assertThat(GroupMembership.of(Optional.empty()).consumerConfig()).isEmpty();
    assertThat(clients.streamsConfig("app", Map.of())).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void shouldRefuseANameKafkaWouldRefuse() {
    assertThatThrownBy(() -> GroupMembership.INSTANCE_ID.parse("pod 1")).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("POLICY_MONITOR_INSTANCE_ID");
    assertThat(GroupMembership.INSTANCE_ID.parse("policy-monitor-fetcher-0")).isEqualTo("policy-monitor-fetcher-0");
  }
}
