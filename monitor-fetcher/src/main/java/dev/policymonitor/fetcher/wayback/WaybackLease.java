package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.fetcher.FirstSightListener;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Wayback budget for every fetcher behind one egress address (the archive limits by IP), coordinated by Kafka:
 * a fetcher does not backfill the documents it sees first itself but forwards them to the single-partition topic
 * {@code policy-wayback-lease}, and only the instance the consumer group {@value #GROUP_ID} assigns that partition
 * (the lease holder) runs them, one after the other, through its {@link WaybackBudget}. Every other instance makes
 * no Wayback request at all, so the whole cluster stays within one instance's budget.
 *
 * <p>Crash and rebalance: a request's offset is committed only once its backfill is over, so the next holder redoes
 * an unfinished one (captures already published are recognised by digest and skipped). On revocation the running
 * backfill is interrupted and the callback returns only once it has stopped, before Kafka hands the partition on
 * (cooperative rebalancing revokes before it assigns); the new holder's first request then waits one full interval
 * of its budget ({@link WaybackBudget#startFresh()}). A holder that dies makes no request; its partition moves after
 * the session timeout. A holder cut off from Kafka but not from the archive does not learn that its partition moved
 * until it reaches Kafka again, so its requests stop by themselves once its last heartbeat is older than half the
 * session timeout ({@link #LIVENESS}): before the group can give the lease to another instance.
 */
public final class WaybackLease implements FirstSightListener, AutoCloseable {
  /** The consumer group whose partition 0 is the lease. */
  public static final String GROUP_ID = "policy-monitor-wayback-lease";
  /** Backfills waiting for the lease holder: one partition, so one holder. */
  public static final Topic<String, Target> TOPIC = new Topic<>("policy-wayback-lease", Topics.KEY_SERDE,
      new JsonSerde<>(Target.class), 1, Map.of("retention.ms", "604800000"),
      Topic.DOCUMENT_KEY + " (one partition: the lease)");
  /** The lease group's session timeout: a silent holder loses the lease after it. */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);
  /** A holder makes requests only while its last heartbeat to the group is younger than this. */
  static final Duration LIVENESS = SESSION_TIMEOUT.dividedBy(2);
  /** Longest wait for a revoked holder's running request to end. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(WaybackLease.class);
  private static final TopicPartition LEASE = new TopicPartition(TOPIC.name(), 0);

  private final FirstSightBackfill backfill;
  private final WaybackBudget budget;
  private final KafkaProducer<String, Target> producer;
  private final KafkaConsumer<String, Target> consumer;
  private final Set<PolicyKey> forwarded = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean held;
  /** When the lease group last heard a heartbeat of this instance, on {@link System#nanoTime()}; 0: never. */
  private volatile long heartbeatNanos;
  private Metric lastHeartbeat;
  private final Deque<ConsumerRecord<String, Target>> queue = new ArrayDeque<>();
  private LeaseBackfill current;

  /** @param backfill runs one document's backfill through {@code budget}, the only one of this process */
  public WaybackLease(KafkaClients clients, FirstSightBackfill backfill, WaybackBudget budget) {
    this.backfill = backfill;
    this.budget = budget;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.producer = clients.producer("policy-monitor-wayback-lease-" + id, new StringSerializer(),
        TOPIC.valueSerde().serializer());
    this.consumer = clients.consumer("policy-monitor-wayback-lease-" + id, GROUP_ID, new StringDeserializer(),
        TOPIC.valueSerde().deserializer(), Map.of(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis(),
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000));
    this.thread = new Thread(this::loop, "policy-wayback-lease");
    this.thread.setDaemon(true);
    budget.gatedBy(this::live);
  }

  public WaybackLease start() {
    thread.start();
    return this;
  }

  /** Whether this instance holds the lease now (makes the Wayback requests of the cluster). */
  public boolean held() {
    return held;
  }

  /** Whether this instance may make Wayback requests now: it holds the lease and its membership is fresh. */
  boolean live() {
    long seen = heartbeatNanos;
    return held && seen != 0 && System.nanoTime() - seen < LIVENESS.toNanos();
  }

  /** Forwards {@code target}'s backfill to the lease holder (once per document and process); does not block. */
  @Override
  public void firstSight(Target target) {
    PolicyKey key = target.key();
    if (!forwarded.add(key)) {
      return;
    }
    producer.send(new ProducerRecord<>(TOPIC.name(), key.toString(), target), (metadata, e) -> {
      if (e != null) {
        forwarded.remove(key);
        LOG.warn("vendor={} document={} cannot forward the first-sight Wayback backfill: {}", key.vendor(),
            key.document(), e.toString());
      } else {
        LOG.info("vendor={} document={} first sight: Wayback history backfill forwarded to the lease holder",
            key.vendor(), key.document());
      }
    });
  }

  private void loop() {
    try {
      consumer.subscribe(List.of(TOPIC.name()), new Listener());
      while (running) {
        for (ConsumerRecord<String, Target> r : consumer.poll(Duration.ofMillis(200))) {
          queue.add(r);
        }
        heartbeat();
        step();
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("vendor=- document=- policy-wayback-lease consumer stopped: {}", e.toString());
      }
    } catch (RuntimeException e) {
      LOG.error("vendor=- document=- policy-wayback-lease consumer stopped: {}", e.toString());
    } finally {
      release(true);
      consumer.close(Duration.ofSeconds(5));
      stopped.countDown();
    }
  }

  /**
   * Reads the consumer's {@code last-heartbeat-seconds-ago} (the coordinator metric of the classic group protocol;
   * whole seconds, -1 before the first heartbeat) into {@link #heartbeatNanos}.
   */
  private void heartbeat() {
    if (lastHeartbeat == null) {
      lastHeartbeat = consumer.metrics().entrySet().stream()
          .filter(e -> e.getKey().name().equals("last-heartbeat-seconds-ago")).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (lastHeartbeat == null) {
        return;
      }
    }
    double ago = ((Number) lastHeartbeat.metricValue()).doubleValue();
    if (ago >= 0 && !Double.isNaN(ago)) {
      heartbeatNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos((long) ago + 1);
    }
  }

  /** Commits the finished backfill, starts the next one. */
  private void step() {
    if (current != null && current.finished()) {
      commit(current.offset());
      current = null;
    }
    while (current == null && held && !queue.isEmpty()) {
      ConsumerRecord<String, Target> r = queue.poll();
      if (r.value() == null) {
        commit(r.offset());
        continue;
      }
      current = new LeaseBackfill(backfill, r.value(), r.offset());
      current.start();
    }
  }

  /**
   * Stops this holder's Wayback work and waits until its last request is over; commits a finished one when
   * {@code commit} (the partition is still ours).
   */
  private void release(boolean commit) {
    held = false;
    queue.clear();
    if (current == null) {
      return;
    }
    current.interrupt();
    if (!current.await(STOP_TIMEOUT)) {
      LOG.error("vendor=- document=- a Wayback request of the revoked lease still runs after {}", STOP_TIMEOUT);
    }
    if (commit && current.completed()) {
      commit(current.offset());
    }
    current = null;
  }

  /**
   * Marks the request at {@code offset} done. A failed commit (the group moved on) is logged, not fatal: the next
   * holder redoes that backfill.
   */
  private void commit(long offset) {
    try {
      consumer.commitSync(Map.of(LEASE, new OffsetAndMetadata(offset + 1)));
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("vendor=- document=- cannot mark a Wayback backfill done (it may be redone): {}", e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      if (thread.isAlive() && !stopped.await(STOP_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
        LOG.warn("vendor=- document=- policy-wayback-lease consumer did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }

  /** Gains and loses the lease. */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.contains(LEASE)) {
        release(true);
        LOG.info("vendor=- document=- Wayback lease released: another fetcher makes the Wayback requests");
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (partitions.contains(LEASE)) {
        release(false);
        LOG.warn("vendor=- document=- Wayback lease lost (no heartbeat in time): Wayback requests stopped");
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.contains(LEASE)) {
        budget.startFresh();
        held = true;
        LOG.info("vendor=- document=- Wayback lease held: this fetcher makes the Wayback requests");
      }
    }
  }
}
