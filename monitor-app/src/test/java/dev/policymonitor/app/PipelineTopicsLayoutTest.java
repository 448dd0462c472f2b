package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.testing.KafkaBroker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partition count of the document-keyed topics is set per deployment ({@code POLICY_MONITOR_PARTITIONS}), the
 * other topics keep their declared counts, and a process whose setting differs from the existing topics refuses
 * to start with the reason. One broker for the class: the first test creates the topics, the next ones meet them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineTopicsLayoutTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @Test
  @Order(1)
  void shouldCreateEveryDocumentKeyedTopicWithTheConfiguredPartitionCount() throws Exception {
    var created = PipelineTopics.create(KAFKA.clients(), MonitorSettings.of(Map.of(
        "POLICY_MONITOR_PARTITIONS", "4", "POLICY_MONITOR_REPLICATION_FACTOR", "1")));

    assertThat(created).containsExactlyInAnyOrderElementsOf(
        PipelineTopics.ALL.stream().map(Topic::name).toList());
    Map<String, Integer> partitions = partitions();
    for (Topic<?, ?> t : PipelineTopics.ALL) {
      int expected = t.key().equals(Topic.DOCUMENT_KEY) ? 4 : t.partitions();
      assertThat(partitions.get(t.name())).as(t.name()).isEqualTo(expected);
    }
    assertThat(partitions).containsEntry(Topics.SNAPSHOTS.name(), 4).containsEntry(Topics.VERSIONS.name(), 4)
        .containsEntry(Topics.TARGETS.name(), 4).containsEntry(FetchStateStore.TOPIC.name(), 4)
        .containsEntry(Topics.REVIEWS.name(), Topics.REVIEWS.partitions())
        .containsEntry(Topics.ALERTS_DLQ.name(), 1);
  }

  @Test
  @Order(2)
  void shouldAcceptExistingTopicsWithTheConfiguredCount() {
    assertThat(PipelineTopics.create(KAFKA.clients(), MonitorSettings.of(Map.of("POLICY_MONITOR_PARTITIONS", "4"))))
        .isEmpty();
  }

  @Test
  @Order(3)
  void shouldRefuseToGrowExistingTopicsAndSayWhy() {
    assertThatThrownBy(() -> PipelineTopics.create(KAFKA.clients(), MonitorSettings.of(Map.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("has 4 partitions, POLICY_MONITOR_PARTITIONS asks for 6")
        .hasMessageContaining("moves documents to other partitions")
        .hasMessageContaining("set POLICY_MONITOR_PARTITIONS=4");
  }

  @Test
  @Order(4)
  void shouldRefuseASmallerCountSoThatLaterTopicsStayCoPartitioned() throws Exception {
    assertThatThrownBy(() -> PipelineTopics.create(KAFKA.clients(),
        MonitorSettings.of(Map.of("POLICY_MONITOR_PARTITIONS", "2"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("has 4 partitions but POLICY_MONITOR_PARTITIONS is 2")
        .hasMessageContaining("on every process");
    assertThat(partitions().get(Topics.SNAPSHOTS.name())).as("nothing was changed").isEqualTo(4);
  }

  @Test
  @Order(5)
  void shouldStopTheCommandWithAUsageErrorNamingTheSetting() {
    var err = new java.io.StringWriter();
    var cli = PolicyMonitor.commandLine();
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));

    int exit = cli.execute("vendors", "remove", "--vendor", "acme", "--document", "privacy-policy", "--bootstrap-servers",
        KAFKA.bootstrapServers());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("policy-targets has 4 partitions, POLICY_MONITOR_PARTITIONS asks for 6");
  }

  private static Map<String, Integer> partitions() throws Exception {
    try (Admin admin = KAFKA.clients().admin(java.time.Duration.ofSeconds(30))) {
      Set<String> names = PipelineTopics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
      Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      return d.values().stream().collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
    }
  }
}
