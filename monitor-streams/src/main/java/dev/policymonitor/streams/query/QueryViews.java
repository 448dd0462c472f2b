package dev.policymonitor.streams.query;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The read model of the web page and query API: a sub-topology that reads the app's own output topics back
 * and keeps them in named, queryable state stores. It depends only on the topics' record types, never on how
 * changes are detected.
 *
 * <pre>
 * policy-changes      (vendor/document -> Change)     \
 * policy-versions     (vendor/document -> Version)     -> query-indexer
 * policy-fetch-errors (vendor/document -> FetchError) /
 *   policy-documents-store     vendor/document                     -> DocumentSummary
 *   policy-changes-store       changeId                            -> Change (bounded with the history)
 *   policy-timeline-store      vendor/document/inverted-ts/changeId -> TimelineEntry (newest first, bounded)
 *   policy-version-view-store  vendor/document/inverted-ts          -> Version (newest first, bounded)
 * </pre>
 *
 * Every store is partitioned like the topics (by the {@code vendor/document} key), so
 * {@code KafkaStreams.queryMetadataForKey(store, "vendor/document", stringSerializer)} names the instance
 * that holds a document's entries in all four stores.
 */
public final class QueryViews {
  public static final String DOCUMENTS_STORE = "policy-documents-store";
  public static final String CHANGES_STORE = "policy-changes-store";
  public static final String HISTORY_STORE = "policy-timeline-store";
  public static final String VERSIONS_STORE = "policy-version-view-store";
  /** Changes kept per document in the timeline (older ones are evicted with their diffs). */
  public static final int MAX_CHANGES_PER_DOCUMENT = 500;
  /** Version texts kept per document. */
  public static final int MAX_VERSIONS_PER_DOCUMENT = 30;

  static final String CHANGES_SOURCE = "query-changes-source";
  static final String VERSIONS_SOURCE = "query-versions-source";
  static final String ERRORS_SOURCE = "query-fetch-errors-source";
  static final String INDEXER = "query-indexer";

  private QueryViews() {}

  /** Adds the query sub-topology to {@code topology}; call once, after the main topology is built. */
  public static Topology addTo(Topology topology) {
    topology.addSource(CHANGES_SOURCE, Topics.CHANGES.keySerde().deserializer(),
        Topics.CHANGES.valueSerde().deserializer(), Topics.CHANGES.name());
    topology.addSource(VERSIONS_SOURCE, Topics.VERSIONS.keySerde().deserializer(),
        Topics.VERSIONS.valueSerde().deserializer(), Topics.VERSIONS.name());
    topology.addSource(ERRORS_SOURCE, Topics.FETCH_ERRORS.keySerde().deserializer(),
        Topics.FETCH_ERRORS.valueSerde().deserializer(), Topics.FETCH_ERRORS.name());
    topology.addProcessor(INDEXER, QueryIndexer::new, CHANGES_SOURCE, VERSIONS_SOURCE, ERRORS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOCUMENTS_STORE),
        Serdes.String(), new JsonSerde<>(DocumentSummary.class)), INDEXER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHANGES_STORE),
        Serdes.String(), new JsonSerde<>(Change.class)), INDEXER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
        Serdes.String(), new JsonSerde<>(TimelineEntry.class)), INDEXER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSIONS_STORE),
        Serdes.String(), new JsonSerde<>(Version.class)), INDEXER);
    return topology;
  }
}
