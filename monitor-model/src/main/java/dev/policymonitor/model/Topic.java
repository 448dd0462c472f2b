package dev.policymonitor.model;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes and the settings it is created with when missing.
 *
 * @param partitions partition count used when the topic is created
 * @param configs topic configs used when the topic is created
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
    Map<String, String> configs) {
}
