package dev.policymonitor.web;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Opens a local, read-only key-value store by name: Kafka Streams' interactive queries, or a test driver. */
@FunctionalInterface
public interface StoreAccess {
  <V> ReadOnlyKeyValueStore<String, V> store(String name);

  /** The active local partitions of a running application's stores. */
  static StoreAccess of(KafkaStreams streams) {
    return new StoreAccess() {
      @Override
      public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
      }
    };
  }
}
