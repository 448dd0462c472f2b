package dev.policymonitor.fetcher.targets;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands this instance its share of {@code policy-targets}: a consumer in group {@code policy-monitor-fetcher}
 * whose rebalance listener starts polling the documents of newly assigned partitions (read from the beginning,
 * so the compacted topic rebuilds the target set) and stops polling those of revoked or lost partitions. Kafka's
 * group protocol is the coordinator; there is no other.
 *
 * <p>A newly assigned partition is read up to the end it had at assignment before any of its documents is polled,
 * and then only each document's latest record counts: an older record still in the log (a vendors-file seed that the
 * web page edited since, not yet compacted away) is never fetched, not even once at start.
 */
public final class TargetAssignments implements AutoCloseable {
  public static final String GROUP_ID = "policy-monitor-fetcher";
  private static final Logger LOG = LoggerFactory.getLogger(TargetAssignments.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final FetcherService fetcher;
  private final FetchStateStore state;
  private final Map<TopicPartition, Map<PolicyKey, Target>> owned = new ConcurrentHashMap<>();
  /** Partitions still read up to their end at assignment, with their latest record per key (consumer thread). */
  private final Map<TopicPartition, CatchUp> catchingUp = new HashMap<>();
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  public TargetAssignments(KafkaClients clients, String groupId, FetcherService fetcher, FetchStateStore state) {
    this.fetcher = fetcher;
    this.state = state;
    this.consumer = clients.consumer("policy-monitor-fetcher-" + UUID.randomUUID().toString().substring(0, 8),
        groupId, new StringDeserializer(), new ByteArrayDeserializer(), Map.of(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000));
    this.thread = new Thread(this::loop, "policy-fetcher-targets");
    this.thread.setDaemon(true);
  }

  public TargetAssignments start() {
    thread.start();
    return this;
  }

  /** The partitions of policy-targets this instance owns now. */
  public Set<TopicPartition> partitions() {
    return Set.copyOf(owned.keySet());
  }

  private void loop() {
    try {
      consumer.subscribe(List.of(Topics.TARGETS.name()), new Listener());
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          CatchUp c = catchingUp.get(new TopicPartition(r.topic(), r.partition()));
          if (c == null) {
            apply(r);
          } else {
            c.latest().remove(r.key());
            c.latest().put(r.key(), r);
          }
        }
        applyCaughtUp();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("vendor=- document=- policy-targets consumer stopped: {}", e.toString());
    } finally {
      stopAll();
      consumer.close(Duration.ofSeconds(5));
      stopped.countDown();
    }
  }

  /** Starts the documents of each partition read up to its end at assignment: the latest record of each key. */
  private void applyCaughtUp() {
    for (var it = catchingUp.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (consumer.position(e.getKey()) >= e.getValue().end()) {
        it.remove();
        e.getValue().latest().values().forEach(this::apply);
      }
    }
  }

  /** What a partition held up to {@code end}, its offset at assignment: the latest record of each key, in order. */
  private record CatchUp(long end, Map<String, ConsumerRecord<String, byte[]>> latest) {}

  private void apply(ConsumerRecord<String, byte[]> r) {
    PolicyKey key;
    try {
      key = PolicyKey.parse(r.key());
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warn("vendor=- document=- ignoring policy-targets record with bad key {}: {}", r.key(), e.getMessage());
      return;
    }
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    Map<PolicyKey, Target> targets = owned.computeIfAbsent(tp, p -> new HashMap<>());
    if (r.value() == null) {
      if (targets.remove(key) != null) {
        fetcher.untrack(key);
      }
      return;
    }
    Target target;
    try {
      target = Topics.TARGETS.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      // A bad record must not stop the fetcher: skip it, keep polling what we had for that key.
      LOG.warn("vendor={} document={} ignoring unreadable policy-targets record at {}-{}@{}: {}", key.vendor(),
          key.document(), r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    targets.put(key, target);
    fetcher.track(target);
  }

  private void stopAll() {
    for (var tp : Set.copyOf(owned.keySet())) {
      stop(tp);
    }
  }

  private void stop(TopicPartition tp) {
    Map<PolicyKey, Target> targets = owned.remove(tp);
    if (targets != null) {
      targets.keySet().forEach(fetcher::untrack);
    }
  }

  /** Starts and stops documents as partitions come and go. */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(catchingUp::remove);
      partitions.forEach(TargetAssignments.this::stop);
      LOG.info("vendor=- document=- policy-targets partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // The new documents may have been polled by another instance until now: take over its memory of them.
      state.reload();
      partitions.forEach(tp -> owned.putIfAbsent(tp, new HashMap<>()));
      consumer.seekToBeginning(partitions);
      consumer.endOffsets(partitions).forEach((tp, end) -> catchingUp.put(tp, new CatchUp(end,
          new LinkedHashMap<>())));
      LOG.info("vendor=- document=- policy-targets partitions assigned: {}", partitions);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Binds this client's Kafka metrics (Micrometer's {@code KafkaClientMetrics}); close the result to unbind. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    return metrics;
  }
}
