package dev.policymonitor.deploy;

import dev.policymonitor.testing.KafkaBroker;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link PipelineScenario} on a real {@code apache/kafka} container (the image compose runs), when Docker is
 * available; skipped cleanly without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineOnKafkaContainerTest extends PipelineScenario {
  @Container static final KafkaContainer KAFKA = new KafkaContainer(KafkaBroker.IMAGE);

  @Override
  protected String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }
}
