package dev.policymonitor.alerts.digest;

import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * Changes waiting for their channel's digest, kept in the compacted topic {@code policy-alerts-digest}
 * (key {@code <channel>/<changeId>}, tombstone once sent) and read back on start, so a restart loses
 * nothing. An item is acknowledged by the broker before the input offset is committed.
 */
public final class DigestStore implements AutoCloseable {
  private final TopicTable<String, DigestItem> table;

  public DigestStore(TopicTable<String, DigestItem> table) {
    this.table = table;
  }

  /** The store in {@code topics.digest()}, written through {@code producer} (not closed here). */
  public static DigestStore open(KafkaClients clients, AlertsTopics topics, Producer<byte[], byte[]> producer) {
    return new DigestStore(TopicTable.open(clients, topics.digestTopic(), TopicTable.Rows.BY_KEY, producer));
  }

  public void catchUp(Duration timeout) {
    table.catchUp(timeout);
  }

  /** Queues an item and waits until the broker has it; queuing the same change again replaces it. */
  public void add(DigestItem item) {
    table.put(item.key(), item);
  }

  /** Every item waiting, in the order it was first queued. */
  public List<DigestItem> items() {
    return table.values();
  }

  /** Removes a sent (or dead-lettered) digest's items with tombstones, and waits until the broker has them. */
  public void remove(Digest digest) {
    table.removeAll(digest.changes().stream().map(c -> DigestItem.key(digest.channel(), c.changeId())).toList());
  }

  public int size() {
    return table.size();
  }

  @Override
  public void close() {
    table.close();
  }
}
