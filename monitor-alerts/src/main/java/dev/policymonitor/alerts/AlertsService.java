package dev.policymonitor.alerts;

import dev.policymonitor.alerts.cloudevents.ChangeEvents;
import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.DeadLetterQueue;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.delivery.DeliveryLog;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.digest.DigestStore;
import dev.policymonitor.alerts.routing.ChannelPolicy;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.LogContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code policy-changes}, publishes each change as a CloudEvent on {@code policy-change-events},
 * and routes it to every channel whose rules accept it: delivered at once with bounded retries, queued for
 * the channel's digest, or dead-lettered. At-least-once: the input offset is committed only after every
 * channel delivered, queued or dead-lettered the change; a delivery marker written before the commit keeps
 * a restart from sending it twice.
 */
public final class AlertsService implements AutoCloseable {
  public static final String GROUP_ID = "policy-monitor-alerts";
  private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration GAUGE_REFRESH = Duration.ofSeconds(30);

  /** One channel: where its alerts go and which ones it takes. */
  public record Channel(AlertSink sink, ChannelPolicy policy) {
    public String name() {
      return sink.channel();
    }
  }

  /**
   * How the service runs.
   *
   * @param digestCheckInterval how often due digests are looked for
   */
  public record Settings(KafkaClients clients, String groupId, AlertsTopics topics, RetrySettings retry,
      boolean publishCloudEvents, Duration digestCheckInterval) {
    public static Settings defaults(KafkaClients clients, RetrySettings retry) {
      return new Settings(clients, GROUP_ID, AlertsTopics.defaults(), retry, true, Duration.ofSeconds(30));
    }
  }

  private final Settings settings;
  private final List<Channel> channels;
  private final Clock clock;
  private final AlertMetrics metrics;
  private final Deliverer deliverer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private Runnable beforeCommit = () -> { };
  private KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, String> producer;
  private final MeterRegistry registry;
  private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();
  private DeliveryLog deliveryLog;
  private DeadLetterQueue deadLetters;
  private DigestStore digests;
  private Instant nextDigestCheck = Instant.MIN;
  private Instant nextGaugeRefresh = Instant.MIN;
  private volatile Throwable failure;
  /** A failed CloudEvent send of the current batch: the batch is then retried rather than committed. */
  private final AtomicReference<Exception> eventFailure = new AtomicReference<>();

  public AlertsService(Settings settings, List<Channel> channels, MeterRegistry registry, Clock clock) {
    this.settings = settings;
    this.channels = List.copyOf(channels);
    this.clock = clock;
    this.metrics = new AlertMetrics(this.channels.stream().map(Channel::name).toList());
    this.metrics.bindTo(registry);
    this.registry = registry;
    this.deliverer = new Deliverer(settings.retry(), metrics);
    this.thread = new Thread(this::loop, "policy-alerts");
  }

  /** A hook run after a batch was handled and before its offsets are committed (tests simulate crashes here). */
  AlertsService beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Reads the dedup, digest and dead-letter state back, then starts consuming (the topics must exist). */
  public void start() {
    KafkaClients clients = settings.clients();
    producer = clients.producer("policy-monitor-alerts", new StringSerializer(), new StringSerializer());
    bindClientMetrics(new KafkaClientMetrics(producer));
    deliveryLog = new DeliveryLog(clients, settings.topics().delivered(), producer);
    deadLetters = new DeadLetterQueue(clients, settings.topics().deadLetters(), producer);
    digests = new DigestStore(clients, settings.topics().digest(), producer);
    deliveryLog.catchUp(STATE_TIMEOUT);
    deadLetters.catchUp(STATE_TIMEOUT);
    digests.catchUp(STATE_TIMEOUT);
    metrics.dlqSize(deadLetters.pending(deliveryLog));
    consumer = clients.consumer("policy-monitor-alerts", settings.groupId(), new StringDeserializer(),
        new StringDeserializer(), Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20,
            ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis()));
    bindClientMetrics(new KafkaClientMetrics(consumer));
    consumer.subscribe(List.of(settings.topics().changes()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // offsets are committed after each batch; nothing is pending here
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // another instance may have delivered (or queued) alerts of these partitions before the move
        deliveryLog.catchUp(STATE_TIMEOUT);
      }
    });
    thread.start();
  }

  private void loop() {
    try {
      while (running.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        try {
          for (ConsumerRecord<String, String> record : records) {
            handle(record);
          }
          if (!records.isEmpty()) {
            producer.flush();
            Exception lost = eventFailure.getAndSet(null);
            if (lost != null) {
              throw new IllegalStateException("a CloudEvent was not published: " + lost.getMessage(), lost);
            }
            beforeCommit.run();
            commit();
          }
          maintain();
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          recover(e);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      consumer.close();
    }
  }

  /**
   * A batch failed on our side (Kafka unreachable while writing a marker or a dead letter): rewind to the
   * committed offsets and try the batch again after a pause; the delivery log skips what was already sent.
   */
  private void recover(RuntimeException e) {
    LOG.error("vendor={} document={} alerts batch failed, retrying it in 5 s: {}", "-", "-", e.toString());
    eventFailure.set(null);
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata offset = committed.get(tp);
      if (offset == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private void fail(Throwable e) {
    failure = e;
    LOG.error("vendor={} document={} alerts service stopped: {}", "-", "-", e.toString(), e);
  }

  private void commit() {
    try {
      consumer.commitSync();
    } catch (CommitFailedException e) {
      // a rebalance took the partitions: the new owner re-reads the batch and the delivery log skips what was sent
      LOG.warn("vendor={} document={} offset commit failed after a rebalance: {}", "-", "-", e.getMessage());
    }
  }

  private void handle(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return;
    }
    Change change;
    try {
      change = Json.mapper().readValue(record.value(), Change.class);
    } catch (IOException e) {
      String error = "not a change: " + e.getMessage().replaceAll("\\s+", " ");
      LOG.error("vendor={} document={} unreadable record at {}-{}@{} dead-lettered: {}", "-", record.key(),
          record.topic(), record.partition(), record.offset(), error);
      deadLetters.add(new DeadLetter(DeadLetter.UNREADABLE, error, 0, clock.instant(), List.of(), null, null, null,
          record.value()));
      metrics.outcome(DeadLetter.UNREADABLE, AlertMetrics.Outcome.DEAD_LETTERED);
      return;
    }
    if (settings.publishCloudEvents()) {
      ProducerRecord<String, String> event = new ProducerRecord<>(settings.topics().changeEvents(), change.key(),
          new String(ChangeEvents.serialize(change), StandardCharsets.UTF_8));
      event.headers().add("content-type", ChangeEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      producer.send(event, (meta, e) -> {
        if (e != null) {
          LOG.error("vendor={} document={} CloudEvent {} not published: {}", change.vendor(), change.document(),
              change.changeId(), e.toString());
          eventFailure.compareAndSet(null, e);
        }
      });
    }
    for (Channel channel : channels) {
      route(channel, change);
    }
  }

  private void route(Channel channel, Change change) {
    try (LogContext ignored = LogContext.of(change.vendor(), change.document())) {
      routeInContext(channel, change);
    }
  }

  private void routeInContext(Channel channel, Change change) {
    String name = channel.name();
    if (!channel.policy().accepts(change)) {
      metrics.outcome(name, AlertMetrics.Outcome.FILTERED);
      return;
    }
    if (channel.sink().deduplicated() && deliveryLog.contains(name, change.changeId())) {
      metrics.outcome(name, AlertMetrics.Outcome.DUPLICATE);
      LOG.info("vendor={} document={} channel={} change {} was already delivered; not sending it again",
          change.vendor(), change.document(), name, change.changeId());
      return;
    }
    if (channel.policy().digest() != DigestSchedule.NONE) {
      digests.add(name, channel.policy().digest(), change, clock.instant());
      return;
    }
    Deliverer.Result result = deliverer.deliver(name, () -> channel.sink().deliver(change));
    Instant now = clock.instant();
    if (result.delivered()) {
      if (channel.sink().deduplicated()) {
        deliveryLog.markDelivered(name, change.changeId(), change.key(), now);
      }
      metrics.delivered(name, change, now);
    } else {
      LOG.error("vendor={} document={} channel={} change {} dead-lettered after {} attempts: {}", change.vendor(),
          change.document(), name, change.changeId(), result.attempts(), result.error());
      deadLetters.add(DeadLetter.ofChange(name, change, result, now));
      metrics.outcome(name, AlertMetrics.Outcome.DEAD_LETTERED);
      metrics.dlqSize(deadLetters.pending(deliveryLog));
    }
  }

  /** Sends due digests (on the instance that owns partition 0 of the input) and refreshes the DLQ gauge. */
  private void maintain() {
    Instant now = clock.instant();
    if (!now.isBefore(nextDigestCheck)) {
      nextDigestCheck = now.plus(settings.digestCheckInterval());
      if (ownsDigests()) {
        digests.catchUp(STATE_TIMEOUT);
        for (Digest d : digests.due(now)) {
          sendDigest(d);
        }
      }
    }
    if (!now.isBefore(nextGaugeRefresh)) {
      nextGaugeRefresh = now.plus(GAUGE_REFRESH);
      deliveryLog.catchUp(STATE_TIMEOUT);
      deadLetters.catchUp(STATE_TIMEOUT);
      metrics.dlqSize(deadLetters.pending(deliveryLog));
    }
  }

  private boolean ownsDigests() {
    return consumer.assignment().contains(new TopicPartition(settings.topics().changes(), 0));
  }

  /** Sends one digest now, whatever its window: used by the loop and by tests. */
  void sendDigest(Digest digest) {
    Channel channel = channels.stream().filter(c -> c.name().equals(digest.channel())).findFirst().orElse(null);
    List<Change> fresh = new ArrayList<>();
    for (Change c : digest.changes()) {
      if (!deliveryLog.contains(digest.channel(), c.changeId())) {
        fresh.add(c);
      }
    }
    Instant now = clock.instant();
    if (!fresh.isEmpty()) {
      Digest toSend = new Digest(digest.channel(), digest.schedule(), digest.windowStart(), digest.windowEnd(),
          fresh);
      Deliverer.Result result = channel == null
          ? new Deliverer.Result(false, 0, "channel " + digest.channel() + " is not configured any more")
          : deliverer.deliver(digest.channel(), () -> channel.sink().deliverDigest(toSend));
      if (result.delivered()) {
        for (Change c : fresh) {
          deliveryLog.markDelivered(digest.channel(), c.changeId(), c.key(), now);
          metrics.delivered(digest.channel(), c, now);
        }
      } else {
        LOG.error("vendor={} document={} channel={} digest {} of {} changes dead-lettered after {} attempts: {}",
            "-", "-", digest.channel(), toSend.id(), fresh.size(), result.attempts(), result.error());
        deadLetters.add(new DeadLetter(digest.channel(), result.error(), result.attempts(), now, fresh,
            digest.schedule(), digest.windowStart(), digest.windowEnd(), null));
        fresh.forEach(c -> metrics.outcome(digest.channel(), AlertMetrics.Outcome.DEAD_LETTERED));
        metrics.dlqSize(deadLetters.pending(deliveryLog));
      }
    }
    digests.remove(digest);
  }

  /** Whether the consuming thread is alive; false after a fatal error (see the log). */
  public boolean isRunning() {
    return thread.isAlive() && failure == null;
  }

  @Override
  public void close() {
    running.set(false);
    if (consumer != null) {
      consumer.wakeup();
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (deliveryLog != null) {
      deliveryLog.close();
      deadLetters.close();
      digests.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    clientMetrics.forEach(KafkaClientMetrics::close);
  }

  private void bindClientMetrics(KafkaClientMetrics metrics) {
    metrics.bindTo(registry);
    clientMetrics.add(metrics);
  }
}
