package dev.policymonitor.runtime;

import dev.policymonitor.model.InvalidConfigException;
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
import org.apache.kafka.clients.admin.TopicDescription;
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

  /**
   * Creates every topic of {@code topics} that does not exist yet, with the partition count and replication factor
   * of {@code layout}, then checks that every document-keyed topic has the layout's partition count.
   *
   * @return the names of the topics this call created
   * @throws InvalidConfigException when an existing document-keyed topic has another partition count: Kafka can
   *     only add partitions, and adding them moves documents to other partitions (see {@link #partitionMismatch})
   */
  public static List<String> ensure(KafkaClients clients, Collection<Topic<?, ?>> topics, TopicLayout layout,
      Duration timeout) {
    List<Topic<?, ?>> laid = layout.apply(topics);
    List<String> created = ensure(clients, laid, layout.replicationFactor(), timeout);
    List<String> byDocument = laid.stream().filter(TopicLayout::byDocument).map(Topic::name)
        .filter(n -> !created.contains(n)).toList();
    if (byDocument.isEmpty()) {
      return created;
    }
    try (Admin admin = clients.admin(timeout)) {
      Map<String, TopicDescription> existing = admin.describeTopics(byDocument).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (String name : byDocument) {
        int partitions = existing.get(name).partitions().size();
        if (partitions != layout.documentPartitions()) {
          throw new InvalidConfigException(partitionMismatch(name, partitions, layout.documentPartitions()));
        }
      }
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + clients.bootstrapServers() + " to describe topics: "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }
  }

  /**
   * Why a process refuses an existing document-keyed topic whose partition count is not the configured one. Fewer:
   * Kafka can add partitions but every record is placed by the hash of its {@code vendor/document} key modulo the
   * count, so adding them moves most documents to another partition: their next snapshots and versions would be
   * read after, or beside, their older ones (order per document lost, the streams state of the moved documents
   * split). More: a topic created later by a process with the smaller count would not be co-partitioned.
   */
  static String partitionMismatch(String topic, int actual, int configured) {
    String setting = TopicLayout.PARTITIONS.name();
    if (actual < configured) {
      return topic + " has " + actual + " partitions, " + setting + " asks for " + configured + ": growing an existing "
          + "topic moves documents to other partitions (records are placed by their vendor/document key), which "
          + "breaks per-document order and the streams state; set " + setting + "=" + actual + ", or move to new "
          + "topics as docs/scaling.md describes";
    }
    return topic + " has " + actual + " partitions but " + setting + " is " + configured + ": set " + setting + "="
        + actual + " on every process, so that topics created later are partitioned like the others";
  }

  /** Creates every topic of the pipeline that is missing. */
  public static List<String> ensure(KafkaClients clients) {
    return ensure(clients, Topics.ALL, Optional.empty(), Duration.ofSeconds(60));
  }
}
