package dev.policymonitor.alerts.delivery;

import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * Writes undeliverable alerts to {@code policy-alerts-dlq} and reads them back, every entry in order: for the
 * backlog gauge (entries not yet delivered by a redrive) and for {@code alerts redrive}. An entry that cannot be
 * read is skipped with a warning.
 */
public final class DeadLetterQueue implements AutoCloseable {
  private final TopicTable<String, DeadLetter> table;

  public DeadLetterQueue(TopicTable<String, DeadLetter> table) {
    this.table = table;
  }

  /** The queue in {@code topics.deadLetters()}, written through {@code producer} (not closed here). */
  public static DeadLetterQueue open(KafkaClients clients, AlertsTopics topics, Producer<byte[], byte[]> producer) {
    return new DeadLetterQueue(TopicTable.open(clients, topics.deadLetterTopic(), TopicTable.Rows.BY_RECORD,
        producer));
  }

  /**
   * Appends an entry and waits until the broker has it.
   *
   * @throws IllegalStateException when the broker does not acknowledge it
   */
  public void add(DeadLetter letter) {
    table.put(letter.key(), letter);
  }

  /** Reads the entries written so far. */
  public void catchUp(Duration timeout) {
    table.catchUp(timeout);
  }

  /** Every entry read or written so far, oldest first. */
  public List<DeadLetter> entries() {
    return table.values();
  }

  /** Entries with a change not yet delivered on their channel. */
  public long pending(DeliveryLog log) {
    return entries().stream().filter(e -> e.pending(log)).count();
  }

  @Override
  public void close() {
    table.close();
  }
}
