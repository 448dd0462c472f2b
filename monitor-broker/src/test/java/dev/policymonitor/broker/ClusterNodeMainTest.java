package dev.policymonitor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterNodeMainTest {

  @Test
  void shouldDescribeANodeOfAThreeNodeQuorumThatReplicatesKafkasOwnTopicsThreeTimes() {
    NodeSpec spec = ClusterNodeMain.parse(new String[] {"--node-id", "2", "--data-dir", "/tmp/n2", "--port", "19094",
        "--controller-port", "19095", "--voters", "1@19093,2@19095,3@19097", "--cluster-id", "abc",
        "--config", "default.replication.factor=3"});

    assertThat(spec.bootstrapServers()).isEqualTo("127.0.0.1:19094");
    assertThat(spec.logDir()).isEqualTo(Path.of("/tmp/n2/kafka-logs"));
    Properties p = spec.properties();
    assertThat(p.getProperty("node.id")).isEqualTo("2");
    assertThat(p.getProperty("controller.quorum.voters"))
        .isEqualTo("1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097");
    assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095");
    assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
    assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
    assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
    assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
    assertThat(p.getProperty("default.replication.factor")).isEqualTo("3");
  }

  @Test
  void shouldDescribeASingleNodeWithEverythingOnceWhenNoVotersAreGiven() {
    NodeSpec spec = ClusterNodeMain.parse(new String[] {"--data-dir", "d", "--port", "1", "--controller-port", "2"});

    assertThat(spec.nodeId()).isEqualTo(1);
    assertThat(spec.voters()).isEqualTo(Map.of(1, 2));
    assertThat(spec.properties().getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
    assertThat(spec.properties().getProperty("min.insync.replicas")).isEqualTo("1");
  }

  @Test
  void shouldRejectBadOptionsWithWhatIsWrong() {
    assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--port", "1", "--controller-port", "2"}))
        .hasMessage("--data-dir is required");
    assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--data-dir", "d", "--port", "x",
        "--controller-port", "2"})).hasMessage("--port must be a number, not 'x'");
    assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--data-dir", "d", "--port", "1",
        "--controller-port", "2", "--voters", "1@3"})).hasMessageContaining("is not one of the voters");
    assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--data-dir", "d", "--port", "1",
        "--controller-port", "2", "--config", "novalue"})).hasMessageContaining("--config takes KEY=VALUE");
    assertThatThrownBy(() -> ClusterNodeMain.parse(new String[] {"--data-dir", "d", "--port", "1",
        "--controller-port", "2", "--colour", "red"})).hasMessage("unknown options [colour]");
  }
}
