package dev.policymonitor.deploy;

import dev.policymonitor.testing.KafkaBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PipelineScenario} on the in-process KRaft broker: what CI on a machine without Docker proves. */
class PipelineOnInProcessKafkaTest extends PipelineScenario {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @Override
  protected String bootstrapServers() {
    return KAFKA.bootstrapServers();
  }
}
