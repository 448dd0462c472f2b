package dev.policymonitor.alerts;

import dev.policymonitor.alerts.AlertsService.Channel;
import dev.policymonitor.alerts.AlertsService.Settings;
import dev.policymonitor.alerts.cloudevents.ChangeEventPublisher;
import dev.policymonitor.alerts.delivery.ChannelHealth;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.routing.AlertRouter;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builds what the alerts loop works with, on topics the process created: one producer, the stores read back from
 * their topics, the router over them, the executor of its decisions, and the consumer of {@code policy-changes}.
 * Everything opened is pushed on the caller's {@link CloseStack}.
 */
final class AlertsWiring {
  static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);

  /** The parts the loop uses; a failed consumer is replaced by {@link #newConsumer}. */
  static final class Parts {
    private final Supplier<KafkaConsumer<String, String>> consumers;
    private final AlertRouter router;
    private final DecisionExecutor executor;
    private final ChangeEventPublisher events;
    private final Housekeeping housekeeping;
    private volatile KafkaConsumer<String, String> consumer;

    private Parts(Supplier<KafkaConsumer<String, String>> consumers, AlertRouter router, DecisionExecutor executor,
        ChangeEventPublisher events, Housekeeping housekeeping) {
      this.consumers = consumers;
      this.router = router;
      this.executor = executor;
      this.events = events;
      this.housekeeping = housekeeping;
      this.consumer = consumers.get();
    }

    /** The consumer of {@code policy-changes}, subscribed. */
    KafkaConsumer<String, String> consumer() {
      return consumer;
    }

    /** A new consumer, subscribed, in place of one that failed (and was closed). */
    KafkaConsumer<String, String> newConsumer() {
      consumer = consumers.get();
      return consumer;
    }

    /** Wakes the current consumer up (to stop it). */
    void wakeup() {
      consumer.wakeup();
    }

    AlertRouter router() {
      return router;
    }

    DecisionExecutor executor() {
      return executor;
    }

    ChangeEventPublisher events() {
      return events;
    }

    Housekeeping housekeeping() {
      return housekeeping;
    }
  }

  private AlertsWiring() {}

  /**
   * @param channelHealth told of each delivery attempt's outcome
   * @param onAssigned run each time a consumer gets its partitions
   */
  static Parts open(Settings settings, List<Channel> channels, AlertMetrics metrics, MeterRegistry registry,
      Clock clock, Sleeper sleeper, ChannelHealth channelHealth, Runnable onAssigned, CloseStack resources) {
    KafkaClients clients = settings.clients();
    KafkaProducer<byte[], byte[]> producer = clients.producer("policy-monitor-alerts-producer", new ByteArraySerializer(),
        new ByteArraySerializer());
    resources.push(() -> producer.close(Duration.ofSeconds(10)));
    resources.push(bound(new KafkaClientMetrics(producer), registry));
    AlertStores stores = resources.push(AlertStores.open(clients, settings.topics(), producer));
    stores.catchUp(STATE_TIMEOUT);
    metrics.dlqSize(stores.pendingDeadLetters());
    AlertRouter router = new AlertRouter(channels.stream()
        .map(c -> new AlertRouter.Channel(c.policy(), c.sink().deduplicated())).toList(),
        settings.publishCloudEvents(), stores);
    ChangeEventPublisher events = new ChangeEventPublisher(producer, settings.topics().changeEvents());
    DecisionExecutor executor = new DecisionExecutor(router,
        channels.stream().collect(Collectors.toMap(Channel::name, Channel::sink)),
        new Deliverer(settings.retry(), metrics, sleeper, channelHealth, clock), stores, events, metrics, clock);
    Housekeeping housekeeping = new Housekeeping(clock, settings.digestCheckInterval(), STATE_TIMEOUT, router,
        executor, stores, metrics);
    Supplier<KafkaConsumer<String, String>> consumers = () -> {
      KafkaConsumer<String, String> consumer = clients.consumer("policy-monitor-alerts", settings.groupId(),
          new StringDeserializer(), new StringDeserializer(), Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20,
              ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis()));
      resources.push(bound(new KafkaClientMetrics(consumer), registry));
      consumer.subscribe(List.of(settings.topics().changes()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          // offsets are committed after each batch; nothing is pending here
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          // another instance may have delivered alerts of these partitions before the move
          stores.delivered.catchUp(STATE_TIMEOUT);
          onAssigned.run();
        }
      });
      return consumer;
    };
    return new Parts(consumers, router, executor, events, housekeeping);
  }

  private static KafkaClientMetrics bound(KafkaClientMetrics clientMetrics, MeterRegistry registry) {
    clientMetrics.bindTo(registry);
    return clientMetrics;
  }
}
