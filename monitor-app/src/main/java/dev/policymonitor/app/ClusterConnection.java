package dev.policymonitor.app;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.runtime.GroupMembership;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Kafka cluster a process talks to: the given {@code --bootstrap-servers}, or the embedded broker under the
 * state directory (the one {@code run} uses), started for the process and stopped with it. Every command and
 * service gets its {@link KafkaClients} here, so client settings beyond the address (security, group membership) are
 * added in one place.
 */
final class ClusterConnection implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final KafkaClients clients;

  private ClusterConnection(EmbeddedKafkaBroker broker, KafkaClients clients) {
    this.broker = broker;
    this.clients = clients;
  }

  /**
   * @param bootstrapServers the cluster, or null for the embedded broker under {@code stateDir}
   * @param settings the process's settings (the Kafka client settings they hold apply to every client)
   * @param out where the embedded broker's address is printed
   */
  static ClusterConnection open(String bootstrapServers, Path stateDir, Settings settings, PrintStream out) {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return new ClusterConnection(null, clients(bootstrapServers, settings));
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"));
    out.println("bootstrap-servers: " + broker.bootstrapServers());
    // Only this process's consumers join the groups of its own broker: they can always be static members.
    GroupMembership membership = GroupMembership.staticMember(
        settings.find(GroupMembership.INSTANCE_ID).orElse(GroupMembership.EMBEDDED));
    return new ClusterConnection(broker, KafkaClients.of(broker.bootstrapServers()).withMembership(membership));
  }

  /** The clients of a cluster given by address, configured by {@code settings}. */
  private static KafkaClients clients(String bootstrapServers, Settings settings) {
    return KafkaClients.of(bootstrapServers)
        .withMembership(GroupMembership.of(settings.find(GroupMembership.INSTANCE_ID)));
  }

  KafkaClients clients() {
    return clients;
  }

  /** Whether this process started the embedded broker. */
  boolean embedded() {
    return broker != null;
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
  }
}
