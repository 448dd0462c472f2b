package dev.policymonitor.app;

import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.wayback.WaybackLease;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicLayout;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.runtime.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every topic of the pipeline: {@link Topics#ALL}, the fetchers' own state topic and their Wayback lease. A process creates the missing
 * ones once, at start, before any service runs; the services assume them.
 */
public final class PipelineTopics {
  /** Every topic any service reads or writes (Kafka Streams' internal topics aside). */
  public static final List<Topic<?, ?>> ALL = all();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private PipelineTopics() {}

  /**
   * Creates the missing topics of {@link #ALL} as {@code settings} lay them out ({@link TopicLayout}); returns the
   * names of those it created.
   *
   * @throws dev.policymonitor.model.InvalidConfigException when an existing document-keyed topic has another
   *     partition count than {@link TopicLayout#PARTITIONS}
   */
  static List<String> create(KafkaClients clients, Settings settings) {
    return create(clients, ALL, settings);
  }

  /** Creates the missing topics of {@code topics} (a one-shot command's few), as {@code settings} lay them out. */
  static List<String> create(KafkaClients clients, List<Topic<?, ?>> topics, Settings settings) {
    return TopicsAdmin.ensure(clients, topics, TopicLayout.from(settings), TIMEOUT);
  }

  private static List<Topic<?, ?>> all() {
    List<Topic<?, ?>> all = new ArrayList<>(Topics.ALL);
    all.add(FetchStateStore.TOPIC);
    all.add(WaybackLease.TOPIC);
    return List.copyOf(all);
  }
}
