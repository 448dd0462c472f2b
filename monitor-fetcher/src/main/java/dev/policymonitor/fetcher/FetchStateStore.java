package dev.policymonitor.fetcher;

import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetchers' memory of each document ({@link FetchState}), in a compacted topic so that it survives restarts
 * and follows a document when its partition moves to another instance. One small record per document: reading it
 * all on each rebalance is cheap.
 */
public final class FetchStateStore implements AutoCloseable {
  public static final Topic<String, FetchState> TOPIC = new Topic<>("policy-fetch-state", Topics.KEY_SERDE,
      new JsonSerde<>(FetchState.class), 6, Map.of("cleanup.policy", "compact"));

  private static final Logger LOG = LoggerFactory.getLogger(FetchStateStore.class);

  private final KafkaClients clients;
  private final KafkaProducer<String, FetchState> producer;
  private final ConcurrentMap<String, FetchState> states = new ConcurrentHashMap<>();

  /** A store that only remembers in memory (tests, one-off commands without a broker). */
  public static FetchStateStore inMemory() {
    return new FetchStateStore(null);
  }

  /** @param clients the cluster whose {@code policy-fetch-state} topic holds the state; null: memory only */
  public FetchStateStore(KafkaClients clients) {
    this.clients = clients;
    this.producer = clients == null ? null
        : clients.producer("policy-monitor-fetch-state", new StringSerializer(), new JsonSerde<>(FetchState.class));
  }

  /** Reads the whole topic up to its current end, replacing what is in memory. */
  public void reload() {
    if (producer == null) {
      return;
    }
    try {
      load();
    } catch (RuntimeException e) {
      // The memory is an optimisation (it saves one duplicate snapshot per document): never fatal.
      LOG.warn("vendor=- document=- cannot read {}; keeping what this instance knows: {}", TOPIC.name(),
          e.toString());
    }
  }

  private void load() {
    producer.flush();
    Map<String, FetchState> loaded = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = clients.consumer(
        "policy-fetch-state-reader-" + UUID.randomUUID(), null, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(TOPIC.name(), Duration.ofSeconds(30));
      List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            loaded.remove(r.key());
            continue;
          }
          try {
            loaded.put(r.key(), TOPIC.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            LOG.warn("vendor=- document=- skipping unreadable {} record {}: {}", TOPIC.name(), r.key(),
                e.getMessage());
          }
        }
      }
    }
    // Our own writes were flushed above, so the topic holds the newest state of every document.
    states.putAll(loaded);
  }

  public FetchState get(PolicyKey key) {
    return states.getOrDefault(key.toString(), FetchState.empty(key.vendor(), key.document()));
  }

  /** Remembers and publishes a new state; the send is asynchronous (losing it costs one duplicate snapshot). */
  public void put(FetchState state) {
    String key = new PolicyKey(state.vendor(), state.document()).toString();
    states.put(key, state);
    if (producer != null) {
      producer.send(new ProducerRecord<>(TOPIC.name(), key, state));
    }
  }

  /**
   * Changes one document's state atomically (the live check and a Wayback backfill of the same document may both
   * write it) and publishes the result.
   */
  public FetchState update(PolicyKey key, UnaryOperator<FetchState> change) {
    return states.compute(key.toString(), (k, old) -> {
      FetchState next = change.apply(old == null ? FetchState.empty(key.vendor(), key.document()) : old);
      if (producer != null) {
        producer.send(new ProducerRecord<>(TOPIC.name(), k, next));
      }
      return next;
    });
  }

  public void flush() {
    if (producer != null) {
      producer.flush();
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
