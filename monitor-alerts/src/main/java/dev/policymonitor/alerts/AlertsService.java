package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.ChannelHealth;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.routing.AlertRouter;
import dev.policymonitor.alerts.routing.ChannelPolicy;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.Sleeper;
import dev.policymonitor.runtime.health.HealthIndicator;
import dev.policymonitor.runtime.health.LoopHealth;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code policy-changes}: each record goes to the {@link AlertRouter}, whose decisions (CloudEvent, deliver,
 * queue for a digest, dead-letter, ...) a {@link DecisionExecutor} carries out; then the offsets are committed.
 * At-least-once: a batch is committed only after every decision of it was carried out, and a delivery marker
 * written before the commit keeps a restart from sending an alert twice. A batch that fails on our side is rewound
 * and tried again (the loop reports itself degraded meanwhile); a consumer that fails is replaced by a new one a
 * bounded number of times; an {@link Error} stops the service. {@link #health()} reports the loop, the digest
 * timer and each channel.
 */
public final class AlertsService implements AutoCloseable {
  public static final String GROUP_ID = "policy-monitor-alerts";
  private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);
  private static final Duration RETRY_BATCH_AFTER = Duration.ofSeconds(5);
  /** Retries of one alert sleep at most a minute; an attempt (SMTP, HTTP) is bounded by its timeouts. */
  private static final Duration STALL_AFTER = Duration.ofMinutes(5);

  /** One channel: where its alerts go and which ones it takes. */
  public record Channel(AlertSink sink, ChannelPolicy policy) {
    public String name() {
      return sink.channel();
    }
  }

  /** How the service runs; {@code digestCheckInterval} is how often due digests are looked for. */
  public record Settings(KafkaClients clients, String groupId, AlertsTopics topics, RetrySettings retry,
      boolean publishCloudEvents, Duration digestCheckInterval) {
    public static Settings defaults(KafkaClients clients, RetrySettings retry) {
      return new Settings(clients, GROUP_ID, AlertsTopics.defaults(), retry, true, Duration.ofSeconds(30));
    }
  }

  private final Settings settings;
  private final List<Channel> channels;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AlertMetrics metrics;
  private final ChannelHealth channelHealth;
  private final LoopHealth loopHealth;
  private final LoopHealth housekeepingHealth;
  private final CloseStack resources = new CloseStack("alerts");
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread = new Thread(this::loop, "policy-alerts");
  private Runnable beforeCommit = () -> { };
  private AlertsWiring.Parts parts;
  private volatile Throwable failure;

  public AlertsService(Settings settings, List<Channel> channels, MeterRegistry registry, Clock clock) {
    this(settings, channels, registry, clock, Sleeper.SYSTEM);
  }

  /** @param sleeper waits between delivery attempts and before a failed batch is tried again */
  public AlertsService(Settings settings, List<Channel> channels, MeterRegistry registry, Clock clock,
      Sleeper sleeper) {
    this.settings = settings;
    this.channels = List.copyOf(channels);
    this.registry = registry;
    this.clock = clock;
    this.loopHealth = LoopHealth.restartable("alerts.consumer", STALL_AFTER, clock);
    this.housekeepingHealth = LoopHealth.once("alerts.housekeeping",
        max(STALL_AFTER, settings.digestCheckInterval().multipliedBy(3)), clock);
    // the loop is alive while it waits between delivery attempts
    this.sleeper = duration -> {
      loopHealth.beat();
      sleeper.sleep(duration);
      loopHealth.beat();
    };
    this.channelHealth = new ChannelHealth(clock);
    this.metrics = new AlertMetrics(this.channels.stream().map(Channel::name).toList());
    metrics.bindTo(registry);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * What {@code /health} reports of the alerts: the consumer loop ({@code alerts.consumer}, ready once it has its
   * partitions, degraded while a batch fails), the digest timer ({@code alerts.housekeeping}) and each channel
   * ({@code alerts.channel.<name>}, degraded while its deliveries fail).
   */
  public List<HealthIndicator> health() {
    List<HealthIndicator> all = new ArrayList<>(List.of(loopHealth, housekeepingHealth));
    all.addAll(channelHealth.indicators(channels.stream().map(Channel::name).toList()));
    return all;
  }

  /** A hook run after a batch was handled and before its offsets are committed (tests simulate crashes here). */
  AlertsService beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Reads the dedup, digest and dead-letter state back, then starts consuming (the topics must exist). */
  public void start() {
    parts = AlertsWiring.open(settings, channels, metrics, registry, clock, sleeper, channelHealth, loopHealth::ready,
        resources);
    thread.start();
  }

  /** Consumes with one consumer after the other: a consumer that fails is replaced while restarts are left. */
  private void loop() {
    try {
      KafkaConsumer<String, String> consumer = parts.consumer();
      while (true) {
        RuntimeException failure = consume(consumer);
        if (failure == null || !running.get()) {
          return;
        }
        if (!loopHealth.failed(failure)) {
          fail(failure);
          return;
        }
        LOG.warn("vendor=- document=- alerts consumer failed, replacing it (restart {}): {}", loopHealth.restarts(),
            failure.toString());
        pause(Duration.ofSeconds(Math.min(30, loopHealth.restarts())));
        if (!running.get()) {
          return;
        }
        consumer = parts.newConsumer();
      }
    } catch (Error e) {
      fail(e);
    }
  }

  /** Runs one consumer until closed (null) or until it fails (the failure); closes it either way. */
  private RuntimeException consume(KafkaConsumer<String, String> consumer) {
    try {
      while (running.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        loopHealth.beat();
        try {
          for (ConsumerRecord<String, String> r : records) {
            String origin = r.topic() + "-" + r.partition() + "@" + r.offset() + " key=" + r.key();
            parts.executor().execute(parts.router().route(origin, r.value(), clock.instant()));
            loopHealth.beat();
          }
          if (!records.isEmpty()) {
            parts.events().confirm();
            beforeCommit.run();
            Offsets.commit(consumer);
          }
          parts.housekeeping().run(consumer.assignment().contains(new TopicPartition(settings.topics().changes(), 0)));
          housekeepingHealth.ready();
          loopHealth.recovered();
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          retryBatch(consumer, e);
        }
      }
      return null;
    } catch (WakeupException e) {
      return running.get() ? e : null;
    } catch (RuntimeException e) {
      return e;
    } finally {
      try {
        consumer.close();
      } catch (RuntimeException e) {
        LOG.debug("vendor=- document=- closing the alerts consumer: {}", e.toString());
      }
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Rewinds to the committed offsets and pauses; the delivery log then skips what was already sent. */
  private void retryBatch(KafkaConsumer<String, String> consumer, RuntimeException e) {
    LOG.warn("vendor={} document={} alerts batch failed, retrying it in {} s: {}", "-", "-",
        RETRY_BATCH_AFTER.toSeconds(), e.toString());
    loopHealth.degraded("a batch failed, retrying: " + e.getMessage());
    parts.events().reset();
    Offsets.rewind(consumer);
    try {
      sleeper.sleep(RETRY_BATCH_AFTER);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private void fail(Throwable e) {
    failure = e;
    loopHealth.died(e);
    LOG.error("vendor={} document={} alerts service stopped: {}", "-", "-", e.toString(), e);
  }

  /** Whether the consuming thread is alive; false after a fatal error (see the log). */
  public boolean isRunning() {
    return thread.isAlive() && failure == null;
  }

  @Override
  public void close() {
    running.set(false);
    if (parts != null) {
      parts.wakeup();
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    resources.close();
  }
}
