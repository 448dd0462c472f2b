package dev.policymonitor.fetcher;

import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetchers' memory of each document ({@link FetchState}), in a compacted topic read as a {@link TopicTable} so
 * that it survives restarts and follows a document when its partition moves to another instance. One small record
 * per document; writes are not waited for (losing the last one costs one duplicate snapshot, never a change).
 */
public final class FetchStateStore implements AutoCloseable {
  public static final Topic<String, FetchState> TOPIC = new Topic<>("policy-fetch-state", Topics.KEY_SERDE,
      new JsonSerde<>(FetchState.class), 6, Map.of("cleanup.policy", "compact"));

  private static final Logger LOG = LoggerFactory.getLogger(FetchStateStore.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final TopicTable<String, FetchState> table;
  private final KafkaProducer<byte[], byte[]> producer;

  private FetchStateStore(TopicTable<String, FetchState> table, KafkaProducer<byte[], byte[]> producer) {
    this.table = table;
    this.producer = producer;
  }

  /** A store that only remembers in memory (tests, one-off commands without a broker). */
  public static FetchStateStore inMemory() {
    return new FetchStateStore(TopicTable.inMemory(TOPIC, TopicTable.Rows.BY_KEY), null);
  }

  /** @param clients the cluster whose {@code policy-fetch-state} topic holds the state; null: memory only */
  public FetchStateStore(KafkaClients clients) {
    this(clients, clients == null ? null
        : clients.producer("policy-monitor-fetch-state", new ByteArraySerializer(), new ByteArraySerializer()));
  }

  private FetchStateStore(KafkaClients clients, KafkaProducer<byte[], byte[]> producer) {
    this(clients == null ? TopicTable.inMemory(TOPIC, TopicTable.Rows.BY_KEY)
        : TopicTable.open(clients, TOPIC, TopicTable.Rows.BY_KEY, producer), producer);
  }

  /** Reads what every instance wrote to the topic since the last call (all of it the first time). */
  public void reload() {
    try {
      table.catchUp(READ_TIMEOUT);
    } catch (RuntimeException e) {
      // The memory is an optimisation (it saves one duplicate snapshot per document): never fatal.
      LOG.warn("vendor=- document=- cannot read {}; keeping what this instance knows: {}", TOPIC.name(),
          e.getMessage());
    }
  }

  public FetchState get(PolicyKey key) {
    return table.get(key.toString()).orElseGet(() -> FetchState.empty(key.vendor(), key.document()));
  }

  /** Remembers and publishes a new state; the send is asynchronous. */
  public void put(FetchState state) {
    table.update(new PolicyKey(state.vendor(), state.document()).toString(), old -> state);
  }

  /**
   * Changes one document's state atomically (the live check and a Wayback backfill of the same document may both
   * write it) and publishes the result.
   */
  public FetchState update(PolicyKey key, UnaryOperator<FetchState> change) {
    return table.update(key.toString(),
        old -> change.apply(old == null ? FetchState.empty(key.vendor(), key.document()) : old));
  }

  public void flush() {
    table.flush();
  }

  @Override
  public void close() {
    table.close();
    if (producer != null) {
      producer.close();
    }
  }
}
