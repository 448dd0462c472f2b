package dev.policymonitor.app;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.runtime.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Kafka cluster a one-shot command talks to: the given {@code --bootstrap-servers}, or the embedded broker
 * under the state directory (the one {@code run} uses), started for the command and stopped after it.
 */
final class ClusterConnection implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final KafkaClients clients;

  private ClusterConnection(EmbeddedKafkaBroker broker, KafkaClients clients) {
    this.broker = broker;
    this.clients = clients;
  }

  static ClusterConnection open(String bootstrapServers, Path stateDir, PrintStream out) {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return new ClusterConnection(null, KafkaClients.of(bootstrapServers));
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"));
    out.println("bootstrap-servers: " + broker.bootstrapServers());
    return new ClusterConnection(broker, KafkaClients.of(broker.bootstrapServers()));
  }

  KafkaClients clients() {
    return clients;
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
  }
}
