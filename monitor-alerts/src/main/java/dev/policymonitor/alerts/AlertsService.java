package dev.policymonitor.alerts;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes {@code policy-changes} and hands each change to every alert sink, committing after delivery. */
public final class AlertsService implements AutoCloseable {
  public static final String GROUP_ID = "policy-monitor-alerts";
  private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);

  private final KafkaConsumer<String, Change> consumer;
  private final List<AlertSink> sinks;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public AlertsService(String bootstrapServers, String groupId, List<AlertSink> sinks) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, groupId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), Topics.CHANGES.valueSerde().deserializer());
    this.sinks = List.copyOf(sinks);
    this.thread = new Thread(this::loop, "policy-alerts");
  }

  public void start() {
    consumer.subscribe(List.of(Topics.CHANGES.name()));
    thread.start();
  }

  private void loop() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, Change> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null) {
            dispatch(record.value());
          }
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private void dispatch(Change change) {
    for (AlertSink sink : sinks) {
      try {
        sink.deliver(change);
      } catch (Exception e) {
        LOG.error("vendor={} document={} channel={} delivery failed: {}", change.vendor(), change.document(),
            sink.channel(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
