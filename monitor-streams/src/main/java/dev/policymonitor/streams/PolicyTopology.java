package dev.policymonitor.streams;

import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Topics;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.streams.query.QueryViews;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's topology, built by one static method shared by the streams service and the tests.
 *
 * <pre>
 * policy-targets (vendor/document -> Target, partitioned by host) -> targets-table
 *     global store: policy-targets-store     vendor/document -> PlacedTarget (each document's target and rules)
 *
 * policy-snapshots (vendor/document -> Snapshot) -> snapshot-gate ---------+
 *     store: policy-waiting-snapshot-store   vendor/document|offset -> a snapshot waiting for its target
 * policy-reprocess (vendor/document -> Snapshot) -> reprocess-gate --------+-> change-detector (Capture)
 *     stores: policy-latest-version-store   vendor/document          -> Version (the latest good version)
 *             policy-history-store          vendor/document          -> DocumentHistory (last 50 versions' digests)
 *             policy-version-text-store     vendor/document@digest   -> text of each kept version
 *             policy-latest-snapshot-store  vendor/document          -> Snapshot of the latest version
 *   -> policy-versions (vendor/document -> Version, compacted: the latest per document)
 *   -> policy-changes  (vendor/document -> Change)
 * </pre>
 *
 * The gates give each snapshot its document's target (extraction rules valid at its capture time) from the global
 * store; {@link ChangeDetector} runs the pure {@link ChangeDetection} between its stores and forwards
 * {@link Detected} outputs to the two sinks. {@link QueryViews} then reads the output topics back for the web page.
 */
public final class PolicyTopology {
  public static final String TARGETS_STORE = "policy-targets-store";
  public static final String WAITING_SNAPSHOT_STORE = "policy-waiting-snapshot-store";
  public static final String LATEST_VERSION_STORE = "policy-latest-version-store";
  public static final String HISTORY_STORE = "policy-history-store";
  public static final String VERSION_TEXT_STORE = "policy-version-text-store";
  public static final String LATEST_SNAPSHOT_STORE = "policy-latest-snapshot-store";
  static final String TARGETS_SOURCE = "targets-source";
  static final String TARGETS_TABLE = "targets-table";
  static final String SOURCE = "snapshots-source";
  static final String REPROCESS_SOURCE = "reprocess-source";
  static final String GATE = "snapshot-gate";
  static final String REPROCESS_GATE = "reprocess-gate";
  static final String DETECTOR = "change-detector";
  static final String VERSIONS_SINK = "versions-sink";
  static final String CHANGES_SINK = "changes-sink";

  /** Changelogs hold whole policy texts and snapshots: allow records as large as a snapshot. */
  private static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes",
      Integer.toString(Topics.MAX_RECORD_BYTES));

  private PolicyTopology() {}

  /** The topology with the default settings and meters nobody reads (tests that look only at topics). */
  public static Topology build(Clock clock) {
    return build(DetectionSettings.defaults(), new StreamsMetrics(), clock);
  }

  /**
   * @param settings how changes are judged
   * @param metrics the detector's meters; the caller binds them to its registry
   * @param clock gives each change its {@code detectedAt}
   */
  public static Topology build(DetectionSettings settings, StreamsMetrics metrics, Clock clock) {
    ChangeClassifier classifier = new ChangeClassifier(settings.rules());
    Topology topology = new Topology();
    topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TARGETS_STORE),
            Serdes.String(), new JsonSerde<>(PlacedTarget.class)).withLoggingDisabled(), TARGETS_SOURCE,
        Topics.TARGETS.keySerde().deserializer(), Topics.TARGETS.valueSerde().deserializer(), Topics.TARGETS.name(),
        TARGETS_TABLE, TargetsTable::new);
    topology.addSource(SOURCE, Topics.SNAPSHOTS.keySerde().deserializer(),
        Topics.SNAPSHOTS.valueSerde().deserializer(), Topics.SNAPSHOTS.name());
    topology.addSource(REPROCESS_SOURCE, Topics.REPROCESS.keySerde().deserializer(),
        Topics.REPROCESS.valueSerde().deserializer(), Topics.REPROCESS.name());
    topology.addProcessor(GATE, () -> new SnapshotGate(false, settings.targetWait()), SOURCE);
    topology.addProcessor(REPROCESS_GATE, () -> new SnapshotGate(true, settings.targetWait()), REPROCESS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING_SNAPSHOT_STORE),
        Serdes.String(), new WaitingSnapshotSerde()).withLoggingEnabled(LARGE_RECORDS), GATE);
    topology.addProcessor(DETECTOR, () -> new ChangeDetector(new ChangeDetection(
        ChangeDetection.Extractor.of(new Normalizer()), new ChangeFactory(new VersionDiffer(), classifier, clock),
        settings), metrics), GATE, REPROCESS_GATE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_VERSION_STORE),
        Serdes.String(), Topics.VERSIONS.valueSerde()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
        Serdes.String(), new JsonSerde<>(DocumentHistory.class)).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERSION_TEXT_STORE),
        Serdes.String(), Serdes.String()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_SNAPSHOT_STORE),
        Serdes.String(), Topics.SNAPSHOTS.valueSerde()).withLoggingEnabled(LARGE_RECORDS), DETECTOR);
    Serializer<Detected> detected = (topic, output) -> output.serialize(topic);
    topology.addSink(VERSIONS_SINK, Topics.VERSIONS.name(), Topics.VERSIONS.keySerde().serializer(), detected,
        DETECTOR);
    topology.addSink(CHANGES_SINK, Topics.CHANGES.name(), Topics.CHANGES.keySerde().serializer(), detected,
        DETECTOR);
    QueryViews.addTo(topology);
    return topology;
  }
}
