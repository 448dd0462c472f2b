package dev.policymonitor.runtime;

import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics, with explicit partition counts and configs, when they are missing. */
public final class TopicsAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsAdmin.class);

  private TopicsAdmin() {}

  /**
   * Creates every topic of {@code topics} that does not exist yet.
   *
   * @param replicationFactor empty means the broker default
   * @return the names of the topics this call created
   */
  public static List<String> ensure(KafkaClients clients, Collection<Topic<?, ?>> topics,
      Optional<Short> replicationFactor, Duration timeout) {
    try (Admin admin = clients.admin(timeout)) {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> t : topics) {
        if (!existing.contains(t.name())) {
          missing.add(new NewTopic(t.name(), Optional.of(t.partitions()), replicationFactor).configs(t.configs()));
        }
      }
      List<String> created = new ArrayList<>();
      for (var e : admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(e.getKey());
          LOG.info("created topic {}", e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex);
          }
        }
      }
      awaitPartitionsOpen(admin, topics, created, timeout);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + clients.bootstrapServers() + " to create topics: "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }
  }

  /**
   * Waits until every partition of the just-created topics answers a ListOffsets request from its leader, i.e.
   * the broker has opened its log. Producing earlier can fail the first batch with NOT_LEADER while a later batch
   * of the same idempotent producer is accepted on the empty partition; the first batch is then out of sequence
   * forever and the producer retries it until its delivery timeout.
   */
  private static void awaitPartitionsOpen(Admin admin, Collection<Topic<?, ?>> topics, List<String> created,
      Duration timeout) throws InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (Topic<?, ?> t : topics) {
      if (created.contains(t.name())) {
        for (int p = 0; p < t.partitions(); p++) {
          partitions.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
        }
      }
    }
    if (partitions.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("partitions of " + created + " not open after " + timeout + ": "
              + e.getCause().getMessage());
        }
        Thread.sleep(50);
      }
    }
  }

  /** Creates every topic of the pipeline that is missing. */
  public static List<String> ensure(KafkaClients clients) {
    return ensure(clients, Topics.ALL, Optional.empty(), Duration.ofSeconds(60));
  }
}
