package dev.policymonitor.runtime.config;

import dev.policymonitor.runtime.KafkaClientConfig;
import java.util.List;

/**
 * The variables every process reads, whatever services it runs: logging (read by Logback from
 * {@code logback.xml}, declared here so that a bad value fails the start and the docs list them) and the
 * launcher script's JVM options; and the Kafka client properties of every client ({@link #KAFKA}, read by
 * {@link KafkaClientConfig} where {@code KafkaClients} are made).
 */
public final class RuntimeKeys {
  public static final ConfigKey<String> LOG_FORMAT = ConfigKey.of("POLICY_MONITOR_LOG_FORMAT",
      ValueType.oneOf(List.of("logfmt", "json")), "logfmt", "logging",
      "Log line format on stderr: logfmt, or json (one JSON object per line, Logback's JsonEncoder).");
  public static final ConfigKey<String> LOG_LEVEL = ConfigKey.of("POLICY_MONITOR_LOG_LEVEL",
      ValueType.oneOf(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF")), "WARN", "logging",
      "Level of the policy-monitor loggers; INFO shows each check and snapshot.");
  public static final ConfigKey<String> JAVA_OPTS = ConfigKey.of("POLICY_MONITOR_JAVA_OPTS", ValueType.text(), null,
      "launcher script", "JVM options the ./policy-monitor script passes to java, e.g. -Xmx1g.");

  /**
   * Kafka client properties, one variable each: {@code <PREFIX>SECURITY_PROTOCOL=SASL_SSL} is
   * {@code security.protocol=SASL_SSL}. A password property ({@code SASL_JAAS_CONFIG}, {@code SSL_KEYSTORE_PASSWORD},
   * ...) is a secret, so it can also come from a file ({@code <PREFIX>SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}).
   */
  public static final KeyFamily KAFKA = new KeyFamily(ConfigKey.PREFIX + "KAFKA_", "Kafka clients",
      "A Kafka client property of every producer, consumer, admin client and Kafka Streams: the suffix in lower "
          + "case with _ as . (SECURITY_PROTOCOL is security.protocol); --kafka-config FILE wins for a property both "
          + "set. A password property can come from a file: <VARIABLE>_FILE.",
      suffix -> KafkaClientConfig.isPassword(KeyFamily.dotted(suffix)));

  /** Every key of this class, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(LOG_FORMAT, LOG_LEVEL, JAVA_OPTS);

  private RuntimeKeys() {}
}
