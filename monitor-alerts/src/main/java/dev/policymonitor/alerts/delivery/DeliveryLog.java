package dev.policymonitor.alerts.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * Which change was delivered on which channel, kept in a compacted topic keyed {@code <channel>/<changeId>}
 * and read back on start: the dedup state that survives a restart. A marker is written (and acknowledged)
 * right after the channel accepted the alert and before the input offset is committed, so a crash in
 * between does not send the alert again.
 */
public final class DeliveryLog implements AutoCloseable {
  private final TopicTable<String, String> table;

  public DeliveryLog(TopicTable<String, String> table) {
    this.table = table;
  }

  /** The log in {@code topics.delivered()}, written through {@code producer} (not closed here). */
  public static DeliveryLog open(KafkaClients clients, AlertsTopics topics, Producer<byte[], byte[]> producer) {
    return new DeliveryLog(TopicTable.open(clients, topics.deliveredTopic(), TopicTable.Rows.BY_KEY, producer));
  }

  /** Reads the markers written so far, by this instance or any other. */
  public void catchUp(Duration timeout) {
    table.catchUp(timeout);
  }

  public boolean contains(String channel, String changeId) {
    return table.contains(key(channel, changeId));
  }

  /**
   * Records a delivery and waits until the broker has it.
   *
   * @throws IllegalStateException when the broker does not acknowledge the marker
   */
  public void markDelivered(String channel, String changeId, String policyKey, Instant at) {
    String key = key(channel, changeId);
    try {
      table.put(key, Json.mapper().writeValueAsString(Map.of("channel", channel, "changeId", changeId,
          "key", policyKey == null ? "" : policyKey, "deliveredAt", at.toString())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the delivery marker " + key, e);
    }
  }

  public int size() {
    return table.size();
  }

  static String key(String channel, String changeId) {
    return channel + "/" + changeId;
  }

  @Override
  public void close() {
    table.close();
  }
}
