package dev.policymonitor.alerts.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes undeliverable alerts to {@code policy-alerts-dlq} and reads them back: for the backlog gauge
 * (entries not yet delivered by a redrive) and for {@code alerts redrive}.
 */
public final class DeadLetterQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

  private final Producer<String, String> producer;
  private final String topic;
  private final TopicTail tail;
  /** Entries by {@code partition@offset}, so an entry written here and read back by the tail counts once. */
  private final Map<String, DeadLetter> entries = new LinkedHashMap<>();

  public DeadLetterQueue(KafkaClients clients, String topic, Producer<String, String> producer) {
    this.producer = producer;
    this.topic = topic;
    this.tail = new TopicTail(clients, topic, r -> {
      if (r.value() != null) {
        try {
          entries.put(r.partition() + "@" + r.offset(), Json.mapper().readValue(r.value(), DeadLetter.class));
        } catch (JsonProcessingException e) {
          LOG.error("vendor={} document={} unreadable entry {}@{} in {}: {}", "-", r.key(), r.partition(), r.offset(),
              topic, e.getOriginalMessage());
        }
      }
    });
  }

  /** Appends an entry and waits until the broker has it. */
  public void add(DeadLetter letter) {
    try {
      RecordMetadata written = producer.send(new ProducerRecord<>(topic, letter.key(),
          Json.mapper().writeValueAsString(letter))).get(30, TimeUnit.SECONDS);
      entries.put(written.partition() + "@" + written.offset(), letter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering " + letter.key(), e);
    } catch (ExecutionException | TimeoutException | JsonProcessingException e) {
      throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Reads the entries written so far. */
  public void catchUp(Duration timeout) {
    tail.catchUp(timeout);
  }

  /** Every entry read or written so far, oldest first. */
  public List<DeadLetter> entries() {
    return List.copyOf(entries.values());
  }

  /** Entries with a change not yet delivered on their channel. */
  public long pending(DeliveryLog log) {
    return entries.values().stream().filter(e -> e.pending(log)).count();
  }

  @Override
  public void close() {
    tail.close();
  }
}
