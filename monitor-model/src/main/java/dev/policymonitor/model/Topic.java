package dev.policymonitor.model;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes, the settings it is created with when missing, and the form of its keys.
 *
 * @param partitions partition count used when the topic is created
 * @param configs topic configs used when the topic is created
 * @param key the form of its record keys, as the docs write it: {@code <vendor>/<document>}, {@code <channel>/<changeId>}
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
    Map<String, String> configs, String key) {
  /** Keys of the topics about one document. */
  public static final String DOCUMENT_KEY = "<vendor>/<document>";

  /** A topic keyed {@value #DOCUMENT_KEY}. */
  public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> configs) {
    this(name, keySerde, valueSerde, partitions, configs, DOCUMENT_KEY);
  }
}
