package dev.policymonitor.app;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the pipeline: {@link Topics#ALL} and the fetchers' own state topic. A process creates the missing
 * ones once, at start, before any service runs; the services assume them.
 */
public final class PipelineTopics {
  /** Every topic any service reads or writes (Kafka Streams' internal topics aside). */
  public static final List<Topic<?, ?>> ALL = all();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private PipelineTopics() {}

  /** Creates the missing topics of {@link #ALL}; returns the names of those it created. */
  static List<String> create(KafkaClients clients) {
    return create(clients, ALL);
  }

  /** Creates the missing topics of {@code topics} (a one-shot command's few). */
  static List<String> create(KafkaClients clients, List<Topic<?, ?>> topics) {
    return TopicsAdmin.ensure(clients, topics, Optional.empty(), TIMEOUT);
  }

  private static List<Topic<?, ?>> all() {
    List<Topic<?, ?>> all = new ArrayList<>(Topics.ALL);
    all.add(FetchStateStore.TOPIC);
    return List.copyOf(all);
  }
}
