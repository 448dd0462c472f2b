package dev.policymonitor.streams;

import dev.policymonitor.model.Topics;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.streams.normalize.Normalizer;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's topology, built by one static method shared by the streams service and the tests.
 *
 * <pre>
 * policy-snapshots (vendor/document -> Snapshot)
 *   -> change-detector [store policy-latest-version-store: vendor/document -> Version]
 *   -> policy-versions (vendor/document -> Version, compacted)
 *   -> policy-changes  (vendor/document -> Change)
 * </pre>
 */
public final class PolicyTopology {
  public static final String LATEST_VERSION_STORE = "policy-latest-version-store";
  static final String SOURCE = "snapshots-source";
  static final String DETECTOR = "change-detector";
  static final String VERSIONS_SINK = "versions-sink";
  static final String CHANGES_SINK = "changes-sink";

  private PolicyTopology() {}

  public static Topology build(Declarations declarations, Clock clock) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Topics.SNAPSHOTS.keySerde().deserializer(),
        Topics.SNAPSHOTS.valueSerde().deserializer(), Topics.SNAPSHOTS.name());
    topology.addProcessor(DETECTOR,
        () -> new ChangeDetector(declarations, new Normalizer(), new VersionDiffer(), clock), SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_VERSION_STORE),
        Serdes.String(), Topics.VERSIONS.valueSerde()), DETECTOR);
    topology.addSink(VERSIONS_SINK, Topics.VERSIONS.name(), Topics.VERSIONS.keySerde().serializer(),
        (topic, v) -> Topics.VERSIONS.valueSerde().serializer().serialize(topic, (dev.policymonitor.model.Version) v),
        DETECTOR);
    topology.addSink(CHANGES_SINK, Topics.CHANGES.name(), Topics.CHANGES.keySerde().serializer(),
        (topic, c) -> Topics.CHANGES.valueSerde().serializer().serialize(topic, (dev.policymonitor.model.Change) c),
        DETECTOR);
    dev.policymonitor.streams.query.QueryViews.addTo(topology);
    return topology;
  }
}
