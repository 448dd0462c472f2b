package dev.policymonitor.app;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.runtime.config.RuntimeKeys;
import dev.policymonitor.runtime.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: the Kafka client properties of every client of the command (security), a Java
 * properties file as Kafka's own tools take with {@code --command-config}. Every command that talks to a cluster
 * takes it.
 */
final class KafkaConfigOption {
  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, config.providers...), as "
          + "Kafka's tools take with --command-config; it wins over the environment's Kafka client variables for a "
          + "property both set (docs/security.md). Only with --bootstrap-servers.")
  Path kafkaConfig;

  /**
   * The client properties for the cluster at {@code bootstrapServers}, each warning printed on {@code err}.
   *
   * @param bootstrapServers null or blank for the embedded broker, which needs none: then the file is an error and
   *     the variables are ignored with a warning
   */
  KafkaClientConfig load(String bootstrapServers, Settings settings, PrintWriter err) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      if (kafkaConfig != null) {
        throw new InvalidConfigException("--kafka-config is for a cluster given with --bootstrap-servers; the "
            + "embedded broker is plaintext on 127.0.0.1 and needs no client settings");
      }
      if (!settings.family(RuntimeKeys.KAFKA).isEmpty()) {
        err.println("policy-monitor: warning: the " + RuntimeKeys.KAFKA.prefix() + "* variables are ignored: they "
            + "are for a cluster given with --bootstrap-servers, and the embedded broker needs none");
        err.flush();
      }
      return KafkaClientConfig.none();
    }
    KafkaClientConfig config = KafkaClientConfig.load(settings, kafkaConfig);
    config.warnings().forEach(w -> err.println("policy-monitor: warning: " + w));
    err.flush();
    return config;
  }
}
