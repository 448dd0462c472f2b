package dev.policymonitor.fetcher.targets;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.LoopHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * Over 300 lines because the consumer's replacement after a failure and the catch-up of newly assigned partitions
 * both act on the one consumer thread and its rebalance listener.
 *
 * <p>Hands this instance its share of {@code policy-targets}: a consumer in group {@code policy-monitor-fetcher}
 * whose rebalance listener starts polling the documents of newly assigned partitions (read from the beginning,
 * so the compacted topic rebuilds the target set) and stops polling those of revoked or lost partitions. Kafka's
 * group protocol is the coordinator; there is no other.
 *
 * <p>A record that cannot be read or polled (a bad key, bad JSON, a poll interval that is not positive) is skipped
 * with a warning and counted; the documents of the other records are polled as before. A consumer that dies
 * anyway is replaced by a new one (a bounded number of times, see {@link #health()}); while it is replaced the
 * documents already tracked keep being polled.
 *
 * <p>A newly assigned partition is read up to the end it had at assignment before any of its documents is polled,
 * and then only each document's latest record counts: an older record still in the log (a vendors-file seed that the
 * web page edited since, not yet compacted away) is never fetched, not even once at start.
 */
public final class TargetAssignments implements AutoCloseable {
  public static final String GROUP_ID = "policy-monitor-fetcher";
  /** The consumer polls every 500 ms; reading the fetch state on an assignment may take up to 30 s. */
  private static final Duration STALL_AFTER = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(TargetAssignments.class);

  private final KafkaClients clients;
  private final String groupId;
  private final FetcherService fetcher;
  private final FetchStateStore state;
  private final LoopHealth health;
  private final Map<TopicPartition, Map<PolicyKey, Target>> owned = new ConcurrentHashMap<>();
  /** Partitions still read up to their end at assignment, with their latest record per key (consumer thread). */
  private final Map<TopicPartition, CatchUp> catchingUp = new HashMap<>();
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean running = true;
  /** A failed consumer is being closed: its partitions are not given up (the next consumer sorts them out). */
  private volatile boolean detaching;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile MeterRegistry metricsRegistry;
  private KafkaClientMetrics clientMetrics;

  public TargetAssignments(KafkaClients clients, String groupId, FetcherService fetcher, FetchStateStore state) {
    this(clients, groupId, fetcher, state, Clock.systemUTC());
  }

  /** @param clock the time the loop's health is judged on */
  public TargetAssignments(KafkaClients clients, String groupId, FetcherService fetcher, FetchStateStore state,
      Clock clock) {
    this(clients, groupId, fetcher, state, LoopHealth.restartable("fetcher.targets", STALL_AFTER, clock));
  }

  /** @param health the loop's health, which also bounds its restarts */
  TargetAssignments(KafkaClients clients, String groupId, FetcherService fetcher, FetchStateStore state,
      LoopHealth health) {
    this.clients = clients;
    this.groupId = groupId;
    this.fetcher = fetcher;
    this.state = state;
    this.health = health;
    this.thread = new Thread(this::run, "policy-fetcher-targets");
    this.thread.setDaemon(true);
  }

  public TargetAssignments start() {
    thread.start();
    return this;
  }

  /** The consumer loop's health: starting until it has its partitions, down once it cannot be restarted. */
  public LoopHealth health() {
    return health;
  }

  /** The partitions of policy-targets this instance owns now. */
  public Set<TopicPartition> partitions() {
    return Set.copyOf(owned.keySet());
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    KafkaConsumer<String, byte[]> c = clients.consumer("policy-monitor-fetcher-"
        + UUID.randomUUID().toString().substring(0, 8), groupId, new StringDeserializer(), new ByteArrayDeserializer(),
        Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000));
    synchronized (this) {
      consumer = c;
      rebindMetrics();
    }
    return c;
  }

  /** Runs consumers one after the other until closed, or until the health allows no more restarts. */
  private void run() {
    try {
      while (running) {
        KafkaConsumer<String, byte[]> c = newConsumer();
        RuntimeException failure = null;
        try {
          loop(c);
        } catch (WakeupException e) {
          if (running) {
            failure = e;
          }
        } catch (RuntimeException e) {
          failure = e;
        } catch (Error e) {
          health.died(e);
          LOG.error("vendor=- document=- policy-targets consumer died: {}", e.toString(), e);
          throw e;
        } finally {
          detaching = failure != null && running;
          try {
            c.close(Duration.ofSeconds(5));
          } catch (RuntimeException e) {
            LOG.debug("vendor=- document=- closing the policy-targets consumer: {}", e.toString());
          }
          detaching = false;
        }
        if (failure == null || !running) {
          break;
        }
        if (!health.failed(failure)) {
          LOG.error("vendor=- document=- policy-targets consumer stopped for good after {} restart(s): {}; the "
              + "documents already tracked are still polled, but new and changed targets are not seen until the "
              + "process restarts", health.restarts(), failure.toString(), failure);
          return;
        }
        LOG.warn("vendor=- document=- policy-targets consumer failed, replacing it (restart {}): {}",
            health.restarts(), failure.toString());
        pause(Duration.ofSeconds(Math.min(30, health.restarts())));
      }
      stopAll();
    } finally {
      stopped.countDown();
    }
  }

  private void loop(KafkaConsumer<String, byte[]> c) {
    catchingUp.clear();
    c.subscribe(List.of(Topics.TARGETS.name()), new Listener(c));
    while (running) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        CatchUp up = catchingUp.get(new TopicPartition(r.topic(), r.partition()));
        if (up == null) {
          apply(r);
        } else {
          up.latest().remove(r.key());
          up.latest().put(r.key(), r);
        }
      }
      applyCaughtUp(c);
      health.beat();
    }
  }

  private void pause(Duration d) {
    try {
      closing.await(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Starts the documents of each partition read up to its end at assignment: the latest record of each key. */
  private void applyCaughtUp(KafkaConsumer<String, byte[]> c) {
    for (var it = catchingUp.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (c.position(e.getKey()) >= e.getValue().end()) {
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
      LOG.warn("vendor=- document=- ignoring policy-targets record with bad key {} at {}-{}@{}: {}", r.key(),
          r.topic(), r.partition(), r.offset(), e.getMessage());
      fetcher.rejectedRecord();
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
      fetcher.rejectedRecord();
      return;
    }
    var problem = FetcherService.unpollable(target);
    if (problem.isPresent()) {
      fetcher.rejected(target, problem.get() + " (policy-targets " + r.partition() + "@" + r.offset() + ")");
      return;
    }
    try {
      fetcher.track(target);
      targets.put(key, target);
    } catch (RuntimeException e) {
      fetcher.rejected(target, "cannot poll it: " + e);
    }
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
    private final KafkaConsumer<String, byte[]> consumer;
    private boolean first = true;

    Listener(KafkaConsumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (detaching) {
        return;
      }
      partitions.forEach(catchingUp::remove);
      partitions.forEach(TargetAssignments.this::stop);
      if (!partitions.isEmpty()) {
        LOG.info("vendor=- document=- policy-targets partitions revoked: {}", partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (first) {
        first = false;
        // A replaced consumer: what the one before owned and this one did not get is no longer ours.
        Set<TopicPartition> gone = new HashSet<>(owned.keySet());
        gone.removeAll(consumer.assignment());
        gone.forEach(TargetAssignments.this::stop);
      }
      if (!partitions.isEmpty()) {
        // The new documents may have been polled by another instance until now: take over its memory of them.
        state.reload();
        partitions.forEach(tp -> owned.putIfAbsent(tp, new HashMap<>()));
        consumer.seekToBeginning(partitions);
        consumer.endOffsets(partitions).forEach((tp, end) -> catchingUp.put(tp, new CatchUp(end,
            new LinkedHashMap<>())));
        LOG.info("vendor=- document=- policy-targets partitions assigned: {}", partitions);
      }
      health.ready();
    }
  }

  @Override
  public void close() {
    running = false;
    closing.countDown();
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      if (thread.isAlive() || thread.getState() != Thread.State.NEW) {
        stopped.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (clientMetrics != null) {
        clientMetrics.close();
        clientMetrics = null;
      }
    }
  }

  /**
   * Binds the Kafka metrics of this instance's consumer (Micrometer's {@code KafkaClientMetrics}), of each consumer
   * when one is replaced; close the result to unbind.
   */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    synchronized (this) {
      metricsRegistry = registry;
      rebindMetrics();
    }
    return () -> {
      synchronized (this) {
        metricsRegistry = null;
        if (clientMetrics != null) {
          clientMetrics.close();
          clientMetrics = null;
        }
      }
    };
  }

  private void rebindMetrics() {
    if (clientMetrics != null) {
      clientMetrics.close();
      clientMetrics = null;
    }
    if (metricsRegistry != null && consumer != null) {
      clientMetrics = new KafkaClientMetrics(consumer);
      clientMetrics.bindTo(metricsRegistry);
    }
  }
}
