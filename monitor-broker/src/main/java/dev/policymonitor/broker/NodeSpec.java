package dev.policymonitor.broker;

import dev.policymonitor.model.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One node of a KRaft cluster on this machine: a combined broker and controller on 127.0.0.1, one of a static
 * quorum of {@link #voters} (node id to controller port). One voter is the embedded default; three make a cluster
 * that survives the loss of any one node: its internal topics (consumer offsets, transaction state) are then
 * replicated three times with at least two in sync. The pipeline's own topics follow the services' settings
 * ({@code POLICY_MONITOR_REPLICATION_FACTOR}, unset: this broker default), not the broker-wide defaults above.
 *
 * @param clusterId the same for every node of a cluster (the data directory is formatted with it)
 * @param voters node id to controller port, every node of the quorum, this one included
 * @param overrides broker configs that replace the defaults
 */
public record NodeSpec(int nodeId, int brokerPort, int controllerPort, SortedMap<Integer, Integer> voters,
    Path dataDir, String clusterId, Map<String, String> overrides) {

  public NodeSpec {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clusterId, "clusterId");
    voters = new TreeMap<>(voters);
    overrides = Map.copyOf(overrides);
    if (!Integer.valueOf(controllerPort).equals(voters.get(nodeId))) {
      throw new IllegalArgumentException("node " + nodeId + " with controller port " + controllerPort
          + " is not one of the voters " + voters);
    }
  }

  /** The only node of a one-node cluster. */
  public static NodeSpec single(int brokerPort, int controllerPort, Path dataDir, String clusterId,
      Map<String, String> overrides) {
    return new NodeSpec(1, brokerPort, controllerPort, new TreeMap<>(Map.of(1, controllerPort)), dataDir, clusterId,
        overrides);
  }

  /** {@code 127.0.0.1:PORT}, the address clients reach this node's broker at. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Where the node keeps its log and metadata: {@code <dataDir>/kafka-logs}. */
  public Path logDir() {
    return dataDir.resolve("kafka-logs");
  }

  /** The broker and controller configs of this node. */
  public Properties properties() {
    int replicas = Math.min(3, voters.size());
    String minIsr = Integer.toString(replicas >= 3 ? 2 : 1);
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters.entrySet().stream()
        .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue()).collect(Collectors.joining(",")));
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir().toString());
    p.put("offsets.topic.replication.factor", Integer.toString(replicas));
    p.put("offsets.topic.num.partitions", Integer.toString(replicas));
    p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", Integer.toString(replicas));
    p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("min.insync.replicas", minIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    p.put("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
    p.putAll(overrides);
    return p;
  }
}
