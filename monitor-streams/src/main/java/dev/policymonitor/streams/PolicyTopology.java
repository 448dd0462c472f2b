package dev.policymonitor.streams;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's topology, built by one static method shared by the streams service and the tests.
 *
 * <pre>
 * policy-snapshots (vendor/document -> Snapshot) ---+
 * policy-reprocess (vendor/document -> Snapshot) ---+-> change-detector
 *     stores: policy-latest-version-store   vendor/document          -> Version (the latest good version)
 *             policy-history-store          vendor/document          -> DocumentHistory (last 50 versions' digests)
 *             policy-version-text-store     vendor/document@digest   -> text of each kept version
 *             policy-latest-snapshot-store  vendor/document          -> Snapshot of the latest version
 *   -> policy-versions (vendor/document -> Version, compacted: the latest per document)
 *   -> policy-changes  (vendor/document -> Change)
 * </pre>
 */
public final class PolicyTopology {
  public static final String LATEST_VERSION_STORE = "policy-latest-version-store";
  public static final String HISTORY_STORE = "policy-history-store";
  public static final String VERSION_TEXT_STORE = "policy-version-text-store";
  public static final String LATEST_SNAPSHOT_STORE = "policy-latest-snapshot-store";
  static final String SOURCE = "snapshots-source";
  static final String REPROCESS_SOURCE = "reprocess-source";
  static final String DETECTOR = "change-detector";
  static final String VERSIONS_SINK = "versions-sink";
  static final String CHANGES_SINK = "changes-sink";

  /** Changelogs hold whole policy texts and snapshots: allow records as large as a snapshot. */
  private static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes",
      Integer.toString(Topics.MAX_RECORD_BYTES));

  private PolicyTopology() {}

  public static Topology build(Declarations declarations, Clock clock) {
    return build(declarations, clock, new SimpleMeterRegistry());
  }

  public static Topology build(Declarations declarations, Clock clock, MeterRegistry registry) {
    return build(declarations, clock, registry, DetectionSettings.defaults());
  }

  public static Topology build(Declarations declarations, Clock clock, MeterRegistry registry,
      DetectionSettings settings) {
    StreamsMetrics metrics = new StreamsMetrics();
    metrics.bindTo(registry);
    ChangeClassifier classifier = new ChangeClassifier(settings.rules());
    Topology topology = new Topology();
    topology.addSource(SOURCE, Topics.SNAPSHOTS.keySerde().deserializer(),
        Topics.SNAPSHOTS.valueSerde().deserializer(), Topics.SNAPSHOTS.name());
    topology.addSource(REPROCESS_SOURCE, Topics.REPROCESS.keySerde().deserializer(),
        Topics.REPROCESS.valueSerde().deserializer(), Topics.REPROCESS.name());
    topology.addProcessor(DETECTOR, () -> new ChangeDetector(declarations, new Normalizer(),
        new ChangeFactory(new VersionDiffer(), classifier, clock), settings, metrics), SOURCE, REPROCESS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_VERSION_STORE),
        Serdes.String(), Topics.VERSIONS.valueSerde()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
        Serdes.String(), new JsonSerde<>(DocumentHistory.class)).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSION_TEXT_STORE),
        Serdes.String(), Serdes.String()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_SNAPSHOT_STORE),
        Serdes.String(), Topics.SNAPSHOTS.valueSerde()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addSink(VERSIONS_SINK, Topics.VERSIONS.name(), Topics.VERSIONS.keySerde().serializer(),
        (topic, v) -> Topics.VERSIONS.valueSerde().serializer().serialize(topic, (Version) v), DETECTOR);
    topology.addSink(CHANGES_SINK, Topics.CHANGES.name(), Topics.CHANGES.keySerde().serializer(),
        (topic, c) -> Topics.CHANGES.valueSerde().serializer().serialize(topic, (Change) c), DETECTOR);
    dev.policymonitor.streams.query.QueryViews.addTo(topology);
    return topology;
  }
}
