package dev.policymonitor.runtime;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.ConfigRegistry;
import dev.policymonitor.runtime.config.KeyFamily;
import dev.policymonitor.runtime.config.RuntimeKeys;
import dev.policymonitor.runtime.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.JaasContext;

/**
 * The standard Kafka client properties every client of a process gets (security: {@code security.protocol}, SASL,
 * TLS, config providers), from one place: the {@code POLICY_MONITOR_KAFKA_*} variables ({@code SECURITY_PROTOCOL}
 * is {@code security.protocol}), then the properties file of {@code --kafka-config}, which wins for a property
 * both set (a command-line option wins over its variable, as everywhere in the monitor).
 *
 * <p>Checked when read, before any client exists: a file that cannot be read is an error with its path; an unknown
 * property name is a warning (it is passed on, as Kafka does); the values are checked by Kafka's own definitions,
 * config provider references ({@code ${file:/path:key}}) are resolved and an unresolved one is an error, TLS store
 * files must be readable and the JAAS configuration must parse. No message names the value of a property.
 */
public final class KafkaClientConfig {
  private static final ConfigDef ADMIN = AdminClientConfig.configDef();
  private static final Set<String> KNOWN = known();
  private static final Set<String> PASSWORDS = passwords();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}:]+):[^}]*}");
  private static final List<String> STORE_FILES = List.of(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
      SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);

  private final Map<String, String> properties;
  private final Map<String, String> sources;
  private final List<String> warnings;

  private KafkaClientConfig(Map<String, String> properties, Map<String, String> sources, List<String> warnings) {
    this.properties = properties;
    this.sources = sources;
    this.warnings = warnings;
  }

  /** No settings beyond the address: an open cluster, the embedded broker. */
  public static KafkaClientConfig none() {
    return new KafkaClientConfig(Map.of(), Map.of(), List.of());
  }

  /**
   * The client properties of {@code settings}' {@code POLICY_MONITOR_KAFKA_*} members and of {@code file}.
   *
   * @param file the {@code --kafka-config} properties file, or null
   * @throws InvalidConfigException when the file cannot be read or a value is invalid, naming where it came from
   */
  public static KafkaClientConfig load(Settings settings, Path file) {
    Map<String, String> properties = new TreeMap<>();
    Map<String, String> sources = new HashMap<>();
    KeyFamily family = RuntimeKeys.KAFKA;
    settings.family(family).forEach((suffix, value) -> {
      String name = KeyFamily.dotted(suffix);
      properties.put(name, value);
      sources.put(name, family.prefix() + suffix);
    });
    if (file != null) {
      read(file).forEach((name, value) -> {
        properties.put(name, value);
        sources.put(name, "--kafka-config " + file);
      });
    }
    List<String> warnings = new ArrayList<>();
    if (properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) != null) {
      warnings.add("bootstrap.servers (" + sources.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
          + ") is ignored: the cluster is the one --bootstrap-servers names");
    }
    for (String name : properties.keySet()) {
      if (!KNOWN.contains(name) && !name.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".")) {
        warnings.add("unknown Kafka client property " + name + " (" + sources.get(name) + ") is passed on as is"
            + ConfigRegistry.closest(name, KNOWN).map(k -> " (did you mean " + k + "?)").orElse(""));
      }
    }
    KafkaClientConfig config = new KafkaClientConfig(Map.copyOf(properties), Map.copyOf(sources),
        List.copyOf(warnings));
    config.validate();
    return config;
  }

  /** Whether the Kafka client property {@code name} holds a password (Kafka hides such values in its logs). */
  public static boolean isPassword(String name) {
    return PASSWORDS.contains(name);
  }

  /** The client properties, as given (config provider references unresolved: each client resolves them). */
  public Map<String, String> properties() {
    return properties;
  }

  public boolean isEmpty() {
    return properties.isEmpty();
  }

  /** One line per unknown or ignored property. */
  public List<String> warnings() {
    return warnings;
  }

  /** Where {@code property} was set: its variable or {@code --kafka-config FILE}; null when it is not set. */
  public String source(String property) {
    return sources.get(property);
  }

  /** The value of {@code property}, or {@code fallback}. */
  public String get(String property, String fallback) {
    return properties.getOrDefault(property, fallback);
  }

  /** Clients of the cluster at {@code bootstrapServers} with these properties. */
  public KafkaClients clients(String bootstrapServers) {
    return new KafkaClients(bootstrapServers, properties);
  }

  private static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException("--kafka-config names a file that does not exist: " + file);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigException("--kafka-config names a file that cannot be read: " + file + " ("
          + e.getClass().getSimpleName() + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(name -> values.put(name.trim(), p.getProperty(name).trim()));
    return values;
  }

  /** Kafka's own checks of the values, done now so that a mistake stops the start with where it came from. */
  private void validate() {
    if (properties.isEmpty()) {
      return;
    }
    Map<String, Object> withAddress = new HashMap<>(properties);
    withAddress.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "validation.invalid:9092");
    AbstractConfig resolved;
    try {
      resolved = new AbstractConfig(ADMIN, withAddress, false);
    } catch (ConfigException e) {
      throw new InvalidConfigException("invalid Kafka client configuration" + from(e.getMessage()) + ": "
          + e.getMessage());
    } catch (RuntimeException e) {
      throw new InvalidConfigException("invalid Kafka client configuration: " + e.getMessage());
    }
    Map<String, Object> values = resolved.originals();
    Set<String> providers = new TreeSet<>();
    for (String provider : properties.getOrDefault(AbstractConfig.CONFIG_PROVIDERS_CONFIG, "").split(",")) {
      providers.add(provider.trim());
    }
    values.forEach((name, value) -> {
      Matcher m = VARIABLE.matcher(String.valueOf(value));
      while (m.find()) {
        if (providers.contains(m.group(1))) {
          throw new InvalidConfigException(name + " (" + sources.get(name) + ") refers to " + m.group()
              + ", which config provider " + m.group(1) + " could not resolve (no such file, or no such key)");
        }
      }
    });
    for (String store : STORE_FILES) {
      Object location = values.get(store);
      if (location != null && !Files.isReadable(Path.of(location.toString()))) {
        throw new InvalidConfigException(store + " (" + sources.get(store) + ") names a file that cannot be read: "
            + location);
      }
    }
    if (values.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      try {
        JaasContext.loadClientContext(resolved.values());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(SaslConfigs.SASL_JAAS_CONFIG + " (" + sources.get(SaslConfigs.SASL_JAAS_CONFIG)
            + ") is not a valid JAAS configuration: " + e.getMessage());
      }
    }
  }

  /** {@code " (SOURCE)"} for the property a Kafka message names, else empty. */
  private String from(String message) {
    for (String name : properties.keySet()) {
      if (message != null && message.contains("configuration " + name)) {
        return " (" + sources.get(name) + ")";
      }
    }
    return "";
  }

  private static Set<String> known() {
    Set<String> names = new TreeSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }

  private static Set<String> passwords() {
    Set<String> names = new TreeSet<>();
    for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), ADMIN)) {
      def.configKeys().forEach((name, key) -> {
        if (key.type == ConfigDef.Type.PASSWORD) {
          names.add(name);
        }
      });
    }
    return Set.copyOf(names);
  }

  @Override
  public String toString() {
    // names only: values can be secrets
    return "KafkaClientConfig" + properties.keySet();
  }
}
