package dev.policymonitor.runtime;

import dev.policymonitor.model.Topic;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How this deployment creates its topics: the partition count of every topic keyed {@value Topic#DOCUMENT_KEY}
 * (they must all have the same one: Kafka Streams joins them partition by partition, and the fetchers split the
 * documents by the partitions of {@code policy-targets}) and the replication factor of every topic. The other
 * topics (alerts' dead letters and digests, deliveries, reviews) keep the counts they are declared with.
 *
 * @param documentPartitions partitions of each document-keyed topic
 * @param replicationFactor empty means the broker default
 */
public record TopicLayout(int documentPartitions, Optional<Short> replicationFactor) {
  /** Partitions of each document-keyed topic, when it is created. */
  public static final ConfigKey<Integer> PARTITIONS = ConfigKey.of("POLICY_MONITOR_PARTITIONS",
      ValueType.integer(1, 10_000), "6", "every service (topics)",
      "Partitions of each topic keyed vendor/document, when a process creates it; the most instances of a service "
          + "that share the work. Only set at first start: an existing topic with fewer partitions stops the start.");
  /** Replication factor of each topic, when it is created. */
  public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.of("POLICY_MONITOR_REPLICATION_FACTOR",
      ValueType.integer(1, Short.MAX_VALUE), null, "every service (topics)",
      "Replication factor of each topic a process creates; unset: the broker's default.replication.factor.");
  /** Every key of the topic layout. */
  public static final List<ConfigKey<?>> KEYS = List.of(PARTITIONS, REPLICATION_FACTOR);

  /** The layout the topics are declared with: 6 partitions, the broker's replication factor. */
  public static final TopicLayout DECLARED = new TopicLayout(6, Optional.empty());

  public TopicLayout {
    if (documentPartitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition");
    }
  }

  public static TopicLayout from(Settings settings) {
    return new TopicLayout(settings.get(PARTITIONS), settings.find(REPLICATION_FACTOR).map(Integer::shortValue));
  }

  /** Whether {@code topic} takes the deployment's partition count. */
  public static boolean byDocument(Topic<?, ?> topic) {
    return Topic.DOCUMENT_KEY.equals(topic.key());
  }

  /** {@code topic} with the partition count of this layout. */
  public <K, V> Topic<K, V> apply(Topic<K, V> topic) {
    if (!byDocument(topic) || topic.partitions() == documentPartitions) {
      return topic;
    }
    return new Topic<>(topic.name(), topic.keySerde(), topic.valueSerde(), documentPartitions, topic.configs(),
        topic.key());
  }

  /** Each of {@code topics} with the partition count of this layout. */
  public List<Topic<?, ?>> apply(Collection<Topic<?, ?>> topics) {
    return topics.stream().<Topic<?, ?>>map(this::apply).toList();
  }
}
