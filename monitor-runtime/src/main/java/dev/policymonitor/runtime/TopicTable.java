package dev.policymonitor.runtime;

import dev.policymonitor.model.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic held in memory as a table: {@link #catchUp} reads it from the beginning up to the end it has when called
 * (later calls read only what is new), without a consumer group, decoding with the topic's serdes. A record whose
 * key or value cannot be decoded is skipped with a warning naming its position. Writes go through a producer the
 * caller owns and show in the table once the broker has acknowledged them.
 *
 * <p>Rows are either {@link Rows#BY_KEY} (a compacted topic: the latest value of each key, a tombstone deletes it) or
 * {@link Rows#BY_RECORD} (an append-only log read whole, one row per record). Thread-safe; {@link #catchUp} calls are
 * serialised.
 */
public final class TopicTable<K, V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTable.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger READERS = new AtomicInteger();

  /** What a row of the table is. */
  public enum Rows {
    /** One row per key, the latest value wins, a tombstone deletes: a compacted topic. */
    BY_KEY,
    /** One row per record in offset order, tombstones ignored: an append-only log read whole. */
    BY_RECORD
  }

  /** The row of a {@link Rows#BY_RECORD} table. */
  private record Position(int partition, long offset) {}

  /** This instance's writes of one key not yet read back: older records of the key must not hide them. */
  private record OwnWrites(int inFlight, long newestOffset) {}

  private final Topic<K, V> topic;
  private final Rows rows;
  private final TopicReader reader;
  private final Producer<byte[], byte[]> producer;
  private final Map<Object, V> data = new LinkedHashMap<>();
  private final Map<K, OwnWrites> own = new ConcurrentHashMap<>();
  private long memoryOffset;

  TopicTable(Topic<K, V> topic, Rows rows, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
    this.topic = topic;
    this.rows = rows;
    this.reader = consumer == null ? null : new TopicReader(consumer, topic.name());
    this.producer = producer;
  }

  /**
   * A table of {@code topic} on the cluster of {@code clients}.
   *
   * @param producer writes of {@link #put} and the like; null for a read-only table. Not closed by the table.
   */
  public static <K, V> TopicTable<K, V> open(KafkaClients clients, Topic<K, V> topic, Rows rows,
      Producer<byte[], byte[]> producer) {
    Consumer<byte[], byte[]> consumer = clients.consumer("policy-monitor-table-" + topic.name() + "-"
        + READERS.incrementAndGet(), null, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    return new TopicTable<>(topic, rows, consumer, producer);
  }

  /** A table that lives in memory only: nothing to read, writes apply at once (tests, commands without a broker). */
  public static <K, V> TopicTable<K, V> inMemory(Topic<K, V> topic, Rows rows) {
    return new TopicTable<>(topic, rows, null, null);
  }

  /**
   * Reads every record written before this call.
   *
   * @throws IllegalStateException when the topic does not exist or its end is not reached within {@code timeout}
   */
  public void catchUp(Duration timeout) {
    if (reader != null) {
      synchronized (reader) {
        reader.readToEnd(timeout, this::read);
      }
    }
  }

  private void read(ConsumerRecord<byte[], byte[]> r) {
    K key;
    V value;
    try {
      key = topic.keySerde().deserializer().deserialize(r.topic(), r.key());
      value = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      LOG.warn("vendor=- document=- skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
          e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage());
      return;
    }
    applyRead(key, value, r.partition(), r.offset());
  }

  private synchronized void applyRead(K key, V value, int partition, long offset) {
    if (rows == Rows.BY_RECORD) {
      if (value != null) {
        data.put(new Position(partition, offset), value);
      }
      return;
    }
    OwnWrites mine = own.get(key);
    if (mine != null) {
      if (mine.inFlight() > 0 || offset < mine.newestOffset()) {
        return; // this instance holds a newer value of the key
      }
      own.remove(key);
    }
    if (value == null) {
      data.remove(key);
    } else {
      data.put(key, value);
    }
  }

  public synchronized Optional<V> get(K key) {
    requireByKey();
    return Optional.ofNullable(data.get(key));
  }

  public synchronized boolean contains(K key) {
    requireByKey();
    return data.containsKey(key);
  }

  /** Every row, in the order it first appeared. */
  public synchronized List<V> values() {
    return List.copyOf(data.values());
  }

  public synchronized int size() {
    return data.size();
  }

  /**
   * Writes one record and waits until the broker has it, then shows it in the table.
   *
   * @param value null writes a tombstone ({@link Rows#BY_KEY} only)
   * @throws IllegalStateException when the broker does not acknowledge it in time; the table is then unchanged
   */
  public void put(K key, V value) {
    Map<K, V> one = new HashMap<>();
    one.put(key, value);
    putAll(one);
  }

  /** Writes tombstones for {@code keys} and waits until the broker has them all. */
  public void removeAll(Collection<K> keys) {
    requireByKey();
    Map<K, V> tombstones = new LinkedHashMap<>();
    keys.forEach(k -> tombstones.put(k, null));
    putAll(tombstones);
  }

  /** Writes every entry (a null value is a tombstone), then waits for all of them. */
  public void putAll(Map<K, V> entries) {
    requireWritable();
    List<Map.Entry<K, V>> written = new ArrayList<>(entries.entrySet());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Map.Entry<K, V> e : written) {
      sends.add(producer == null ? null : send(e.getKey(), e.getValue()));
    }
    for (int i = 0; i < written.size(); i++) {
      Map.Entry<K, V> e = written.get(i);
      RecordMetadata meta = sends.get(i) == null ? null : await(sends.get(i), e.getKey());
      applyWrite(e.getKey(), e.getValue(), meta);
    }
  }

  /**
   * Changes the row of {@code key} atomically and writes the result without waiting for it ({@link Rows#BY_KEY}
   * only): for state where losing the last write costs a little work, never correctness. A failed write is logged.
   *
   * @param change gets the current value, or null when there is none
   */
  public synchronized V update(K key, UnaryOperator<V> change) {
    requireByKey();
    requireWritable();
    V next = change.apply(data.get(key));
    data.put(key, next);
    if (producer != null) {
      own.merge(key, new OwnWrites(1, -1), (a, b) -> new OwnWrites(a.inFlight() + 1, a.newestOffset()));
      producer.send(record(key, next), (meta, error) -> written(key, meta, error));
    }
    return next;
  }

  /** On the producer's thread: takes no lock of the table, so a blocked send cannot deadlock it. */
  private void written(K key, RecordMetadata meta, Exception error) {
    if (error != null) {
      LOG.warn("vendor=- document=- cannot write {} to {}: {}", key, topic.name(), error.toString());
    }
    own.computeIfPresent(key, (k, w) -> new OwnWrites(w.inFlight() - 1,
        meta == null ? w.newestOffset() : Math.max(w.newestOffset(), meta.offset())));
  }

  /** Waits until every write so far reached the broker (or failed). */
  public void flush() {
    if (producer != null) {
      producer.flush();
    }
  }

  private Future<RecordMetadata> send(K key, V value) {
    if (value == null) {
      requireByKey();
    }
    return producer.send(record(key, value));
  }

  private ProducerRecord<byte[], byte[]> record(K key, V value) {
    return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  private RecordMetadata await(Future<RecordMetadata> send, K key) {
    try {
      return send.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing " + key + " to " + topic.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot write " + key + " to " + topic.name() + ": " + cause, e);
    }
  }

  private synchronized void applyWrite(K key, V value, RecordMetadata meta) {
    if (rows == Rows.BY_RECORD) {
      data.put(meta == null ? new Position(-1, memoryOffset++) : new Position(meta.partition(), meta.offset()), value);
      return;
    }
    if (meta != null) {
      own.merge(key, new OwnWrites(0, meta.offset()),
          (a, b) -> new OwnWrites(a.inFlight(), Math.max(a.newestOffset(), meta.offset())));
    }
    if (value == null) {
      data.remove(key);
    } else {
      data.put(key, value);
    }
  }

  private void requireWritable() {
    if (producer == null && reader != null) {
      throw new UnsupportedOperationException(topic.name() + " was opened read-only");
    }
  }

  private void requireByKey() {
    if (rows != Rows.BY_KEY) {
      throw new UnsupportedOperationException(topic.name() + " is read by record, not by key");
    }
  }

  /** Closes the reading side; the producer belongs to the caller. */
  @Override
  public void close() {
    if (reader != null) {
      synchronized (reader) {
        reader.close();
      }
    }
  }
}
