package dev.policymonitor.testing;

import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.model.Topic;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A Kafka broker for one test class: a real {@code apache/kafka} container when Docker is there and
 * {@code -Dkafka.broker=testcontainers|auto} asks for it, else the in-process KRaft broker the product embeds.
 *
 * <pre>
 * &#64;RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
 * ... KAFKA.bootstrapServers()
 * </pre>
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  /** The image the container scenarios run on; matches the Kafka version of the build. */
  public static final String IMAGE = "apache/kafka:4.3.1";

  private final String mode;
  private AutoCloseable handle;
  private String bootstrapServers;

  private KafkaBroker(String mode) {
    this.mode = mode;
  }

  /** In-process unless {@code -Dkafka.broker} says otherwise. */
  public static KafkaBroker inProcess() {
    return new KafkaBroker(System.getProperty("kafka.broker", "inprocess"));
  }

  /** A container broker; the test class must skip itself without Docker. */
  public static KafkaBroker container() {
    return new KafkaBroker("testcontainers");
  }

  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    boolean docker = "testcontainers".equals(mode) || ("auto".equals(mode) && dockerAvailable());
    if (docker) {
      KafkaContainer kafka = new KafkaContainer(IMAGE);
      kafka.start();
      handle = kafka;
      bootstrapServers = kafka.getBootstrapServers();
    } else {
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
      handle = broker;
      bootstrapServers = broker.bootstrapServers();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (handle != null) {
      handle.close();
    }
  }

  /** Clients of the broker, from the factory the services use. */
  public KafkaClients clients() {
    return KafkaClients.of(bootstrapServers());
  }

  /**
   * Creates the missing topics of {@code topics}, as a process does before it starts its services: for tests
   * that start a service alone (services assume their topics exist).
   */
  public void createTopics(Collection<? extends Topic<?, ?>> topics) {
    TopicsAdmin.ensure(clients(), List.copyOf(topics), Optional.empty(), Duration.ofSeconds(60));
  }

  public String bootstrapServers() {
    if (bootstrapServers == null) {
      throw new IllegalStateException("the broker starts in beforeAll: register the extension as a static field");
    }
    return bootstrapServers;
  }
}
