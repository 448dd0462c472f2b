package dev.policymonitor.app;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.runtime.ClusterAccess;
import dev.policymonitor.runtime.GroupMembership;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka cluster a process talks to: the given {@code --bootstrap-servers}, or the embedded broker under the
 * state directory (the one {@code run} uses), started for the process and stopped with it. Every command and
 * service gets its {@link KafkaClients} here, so client settings beyond the address (security, group membership) are
 * added in one place, and a cluster that cannot be reached or refuses the credentials stops the command at once, in
 * one line ({@link ClusterAccess}).
 */
final class ClusterConnection implements AutoCloseable {
  /** How long the first contact with a given cluster may take. */
  static final Duration FIRST_CONTACT = Duration.ofSeconds(60);

  private final EmbeddedKafkaBroker broker;
  private final KafkaClients clients;

  private ClusterConnection(EmbeddedKafkaBroker broker, KafkaClients clients) {
    this.broker = broker;
    this.clients = clients;
  }

  /**
   * @param bootstrapServers the cluster, or null for the embedded broker under {@code stateDir}
   * @param kafka the client properties of every client of the given cluster (unused for the embedded broker)
   * @param settings where the group membership comes from ({@link GroupMembership#INSTANCE_ID})
   * @param out where the embedded broker's address is printed
   * @throws ClusterAccess.KafkaAccessException when the given cluster cannot be reached or refuses the clients
   */
  static ClusterConnection open(String bootstrapServers, KafkaClientConfig kafka, Path stateDir, Settings settings,
      PrintStream out) {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      KafkaClients clients = kafka.clients(bootstrapServers)
          .withMembership(GroupMembership.of(settings.find(GroupMembership.INSTANCE_ID)));
      ClusterAccess.verify(clients, kafka, FIRST_CONTACT);
      return new ClusterConnection(null, clients);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"));
    out.println("bootstrap-servers: " + broker.bootstrapServers());
    // Only this process's consumers join the groups of its own broker: they can always be static members.
    GroupMembership membership = GroupMembership.staticMember(
        settings.find(GroupMembership.INSTANCE_ID).orElse(GroupMembership.EMBEDDED));
    return new ClusterConnection(broker, KafkaClients.of(broker.bootstrapServers()).withMembership(membership));
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
