package dev.policymonitor.runtime.config;

import java.util.List;

/**
 * The variables every process reads, whatever services it runs: logging (read by Logback from
 * {@code logback.xml}, declared here so that a bad value fails the start and the docs list them) and the
 * launcher script's JVM options. Kafka client settings (security) belong here too, as a {@link KeyFamily} read
 * where {@code KafkaClients} are made.
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

  /** Every key of this class, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(LOG_FORMAT, LOG_LEVEL, JAVA_OPTS);

  private RuntimeKeys() {}
}
