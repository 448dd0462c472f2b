package dev.policymonitor.alerts.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which change was delivered on which channel, kept in a compacted topic keyed {@code <channel>/<changeId>}
 * and read back on start: the dedup state that survives a restart. A marker is written (and acknowledged)
 * right after the channel accepted the alert and before the input offset is committed, so a crash in
 * between does not send the alert again.
 */
public final class DeliveryLog implements AutoCloseable {
  private final Producer<String, String> producer;
  private final String topic;
  private final TopicTail tail;
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();

  public DeliveryLog(KafkaClients clients, String topic, Producer<String, String> producer) {
    this.producer = producer;
    this.topic = topic;
    this.tail = new TopicTail(clients, topic, r -> {
      if (r.value() == null) {
        delivered.remove(r.key());
      } else {
        delivered.add(r.key());
      }
    });
  }

  /** Reads the markers written so far, by this instance or any other. */
  public void catchUp(Duration timeout) {
    tail.catchUp(timeout);
  }

  public boolean contains(String channel, String changeId) {
    return delivered.contains(key(channel, changeId));
  }

  /** Records a delivery and waits until the broker has it. */
  public void markDelivered(String channel, String changeId, String policyKey, Instant at) {
    String key = key(channel, changeId);
    try {
      String value = Json.mapper().writeValueAsString(Map.of("channel", channel, "changeId", changeId,
          "key", policyKey == null ? "" : policyKey, "deliveredAt", at.toString()));
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
      delivered.add(key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording delivery " + key, e);
    } catch (ExecutionException | TimeoutException | JsonProcessingException e) {
      throw new IllegalStateException("cannot record delivery " + key + " in " + topic + ": " + e.getMessage(), e);
    }
  }

  public int size() {
    return delivered.size();
  }

  static String key(String channel, String changeId) {
    return channel + "/" + changeId;
  }

  @Override
  public void close() {
    tail.close();
  }
}
