package dev.policymonitor.alerts.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.alerts.delivery.TopicTail;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes waiting for their channel's digest, kept in the compacted topic {@code policy-alerts-digest}
 * (key {@code <channel>/<changeId>}, tombstone once sent) and read back on start, so a restart loses
 * nothing. An item is acknowledged by the broker before the input offset is committed.
 */
public final class DigestStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DigestStore.class);

  private final Producer<String, String> producer;
  private final String topic;
  private final TopicTail tail;
  private final Map<String, DigestItem> pending = new LinkedHashMap<>();

  public DigestStore(KafkaClients clients, String topic, Producer<String, String> producer) {
    this.producer = producer;
    this.topic = topic;
    this.tail = new TopicTail(clients, topic, r -> {
      String key = r.key();
      String value = r.value();
      if (value == null) {
        pending.remove(key);
        return;
      }
      try {
        pending.put(key, Json.mapper().readValue(value, DigestItem.class));
      } catch (JsonProcessingException e) {
        LOG.error("vendor={} document={} unreadable digest item {} in {}: {}", "-", "-", key, topic,
            e.getOriginalMessage());
      }
    });
  }

  public void catchUp(Duration timeout) {
    tail.catchUp(timeout);
  }

  /** Queues {@code change} for {@code channel}'s window that contains {@code now}. */
  public void add(String channel, DigestSchedule schedule, Change change, Instant now) {
    Instant start = schedule.windowStart(now);
    DigestItem item = new DigestItem(channel, schedule, start, schedule.windowEnd(start), change);
    try {
      await(producer.send(new ProducerRecord<>(topic, item.key(), Json.mapper().writeValueAsString(item))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write digest item " + item.key(), e);
    }
    pending.put(item.key(), item);
  }

  /** The digests whose window has ended by {@code now}, oldest window first. */
  public List<Digest> due(Instant now) {
    Map<String, List<DigestItem>> groups = new LinkedHashMap<>();
    for (DigestItem item : pending.values()) {
      if (!item.windowEnd().isAfter(now)) {
        groups.computeIfAbsent(item.channel() + "\n" + item.windowStart(), k -> new ArrayList<>()).add(item);
      }
    }
    List<Digest> out = new ArrayList<>();
    for (List<DigestItem> items : groups.values()) {
      DigestItem first = items.get(0);
      List<Change> changes = items.stream().map(DigestItem::change)
          .sorted(Comparator.comparing(Change::capturedAt)).toList();
      out.add(new Digest(first.channel(), first.schedule(), first.windowStart(), first.windowEnd(), changes));
    }
    out.sort(Comparator.comparing(Digest::windowStart));
    return out;
  }

  /** Removes a sent (or dead-lettered) digest's items with tombstones. */
  public void remove(Digest digest) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Change c : digest.changes()) {
      String key = digest.channel() + "/" + c.changeId();
      sends.add(producer.send(new ProducerRecord<>(topic, key, null)));
      pending.remove(key);
    }
    for (Future<RecordMetadata> f : sends) {
      await(f);
    }
  }

  public int size() {
    return pending.size();
  }

  private void await(Future<RecordMetadata> send) {
    try {
      send.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    tail.close();
  }
}
