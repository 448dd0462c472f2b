package dev.policymonitor.runtime;

import dev.policymonitor.model.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place every Kafka producer, consumer, admin client and Streams configuration of the monitor comes from.
 * It holds the cluster address, the client settings common to every client (security: {@code security.protocol},
 * SASL, TLS) and the size limits that let a snapshot of up to {@link Topics#MAX_RECORD_BYTES} travel, so no other
 * class builds a client from a bare bootstrap string. Thread-safe and immutable.
 */
public final class KafkaClients {
  /** A fetch must hold at least one record of the largest size, with room for a batch around it. */
  private static final int MAX_FETCH_BYTES = 2 * Topics.MAX_RECORD_BYTES;

  private final String bootstrapServers;
  private final Map<String, Object> common;
  private final GroupMembership membership;

  /**
   * @param bootstrapServers {@code host:port[,host:port...]} of the cluster
   * @param common client properties applied to every client (security and the like); they cannot override
   *     {@code bootstrap.servers}
   */
  public KafkaClients(String bootstrapServers, Map<String, ?> common) {
    this(bootstrapServers, common, GroupMembership.dynamic());
  }

  private KafkaClients(String bootstrapServers, Map<String, ?> common, GroupMembership membership) {
    this.membership = Objects.requireNonNull(membership, "membership");
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are empty");
    }
    Map<String, Object> copy = new HashMap<>(common);
    copy.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    this.common = Map.copyOf(copy);
  }

  /** Clients of a cluster that needs no settings beyond its address (the embedded broker, an open cluster). */
  public static KafkaClients of(String bootstrapServers) {
    return new KafkaClients(bootstrapServers, Map.of());
  }

  /**
   * The same clients, whose consumers in a group (and Streams applications) join as {@code membership} says:
   * static members under this process's instance id, or dynamic ones.
   */
  public KafkaClients withMembership(GroupMembership membership) {
    return new KafkaClients(bootstrapServers, common, membership);
  }

  public GroupMembership membership() {
    return membership;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The properties every client gets: the address and the common settings. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(common);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /**
   * An idempotent producer ({@code acks=all}, zstd, a short linger) that can write records of up to
   * {@link Topics#MAX_RECORD_BYTES}.
   *
   * @param overrides settings of this producer that differ from the defaults (a transactional id, say)
   */
  public <K, V> KafkaProducer<K, V> producer(String clientId, Serializer<K> keys, Serializer<V> values,
      Map<String, ?> overrides) {
    Map<String, Object> config = clientConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
    config.putAll(overrides);
    return new KafkaProducer<>(config, keys, values);
  }

  public <K, V> KafkaProducer<K, V> producer(String clientId, Serializer<K> keys, Serializer<V> values) {
    return producer(clientId, keys, values, Map.of());
  }

  /**
   * A consumer that reads only committed records, from the earliest offset when its group has none, commits
   * nothing by itself, and can fetch records of up to {@link Topics#MAX_RECORD_BYTES}.
   *
   * @param groupId the consumer group, or null for a consumer that assigns partitions itself; a consumer in a group
   *     joins it as {@link #membership()} says
   */
  public <K, V> KafkaConsumer<K, V> consumer(String clientId, String groupId, Deserializer<K> keys,
      Deserializer<V> values, Map<String, ?> overrides) {
    Map<String, Object> config = clientConfig();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      config.putAll(membership.consumerConfig());
    }
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
    config.putAll(overrides);
    return new KafkaConsumer<>(config, keys, values);
  }

  public <K, V> KafkaConsumer<K, V> consumer(String clientId, String groupId, Deserializer<K> keys,
      Deserializer<V> values) {
    return consumer(clientId, groupId, keys, values, Map.of());
  }

  /** An admin client whose calls give up after {@code timeout}. */
  public Admin admin(Duration timeout) {
    Map<String, Object> config = clientConfig();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    return Admin.create(config);
  }

  /**
   * The configuration of a Kafka Streams application on this cluster: the common client settings for its
   * producers, consumers and admin, record sizes up to {@link Topics#MAX_RECORD_BYTES}, and its group membership.
   *
   * @param overrides the application's own settings (state directory, guarantees, ...)
   */
  public Properties streamsConfig(String applicationId, Map<?, ?> overrides) {
    Properties props = new Properties();
    props.putAll(clientConfig());
    // StreamsConfig's own names ("application.id", "producer." / "consumer." prefixes), written out so that
    // services without Kafka Streams need not depend on it
    props.put("application.id", applicationId);
    props.put("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
    props.put("producer." + ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    props.put("consumer." + ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
    props.put("consumer." + ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
    props.putAll(membership.streamsConfig());
    props.putAll(overrides);
    return props;
  }

  @Override
  public String toString() {
    // never the common settings: they can hold credentials
    return "KafkaClients[" + bootstrapServers + "]";
  }
}
