package dev.policymonitor.app.observability;

import dev.policymonitor.runtime.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code policy.consumer.lag} {group,topic}: records not yet consumed by each of the pipeline's consumer groups,
 * computed every interval from the group's committed offsets and the partitions' last stable offsets, because
 * Kafka's own lag metric is per client instance and disappears with it.
 *
 * <p>Lag is {@code sum over partitions of max(0, end - committed)}, with end offsets read as {@code read_committed}
 * (so an exactly-once consumer that is caught up shows 0, apart from the transaction marker that follows its last
 * commit). A group appears once it has committed an offset; partitions it never committed are not counted.
 */
public final class ConsumerLagMetrics implements MeterBinder, AutoCloseable {
  public static final String NAME = "policy.consumer.lag";
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMetrics.class);

  /** One consumer group's lag on one topic. */
  public record GroupTopic(String group, String topic) implements Comparable<GroupTopic> {
    @Override
    public int compareTo(GroupTopic o) {
      int c = group.compareTo(o.group);
      return c != 0 ? c : topic.compareTo(o.topic);
    }
  }

  private final Admin admin;
  private final Set<String> groups;
  private final Duration every;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "policy-consumer-lag");
    t.setDaemon(true);
    return t;
  });
  private volatile MultiGauge gauge;

  public ConsumerLagMetrics(KafkaClients clients, Collection<String> groups, Duration every) {
    this.every = every;
    this.timeout = Duration.ofSeconds(Math.max(2, Math.min(10, every.toSeconds())));
    this.groups = Set.copyOf(groups);
    this.admin = clients.admin(timeout);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge = MultiGauge.builder(NAME)
        .description("Records of the topic not yet consumed by the consumer group (committed offset to last "
            + "stable offset), refreshed every " + every.toSeconds() + " s")
        .register(registry);
    scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refresh() {
    try {
      Map<GroupTopic, Long> lag = lag();
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      lag.forEach((gt, value) -> rows.add(MultiGauge.Row.of(Tags.of("group", gt.group(), "topic", gt.topic()),
          value)));
      gauge.register(rows, true);
    } catch (RuntimeException e) {
      LOG.warn("cannot compute consumer lag: {}", e.toString());
    }
  }

  /** The lag of every (group, topic) that has committed offsets, read now. */
  public Map<GroupTopic, Long> lag() {
    Map<GroupTopic, Long> lag = new TreeMap<>();
    for (String group : groups) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        committed.values().removeIf(o -> o == null);
        if (committed.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetSpec> request = committed.keySet().stream()
            .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
            .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        committed.forEach((tp, offset) -> {
          ListOffsetsResult.ListOffsetsResultInfo end = ends.get(tp);
          if (end != null) {
            lag.merge(new GroupTopic(group, tp.topic()), Math.max(0, end.offset() - offset.offset()), Long::sum);
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return lag;
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("group={} lag not available: {}", group, e.toString());
      }
    }
    return lag;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
