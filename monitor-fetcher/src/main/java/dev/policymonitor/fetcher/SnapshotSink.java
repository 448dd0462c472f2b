package dev.policymonitor.fetcher;

import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;

/** Where snapshots and fetch errors go: Kafka in production, a list in unit tests. */
public interface SnapshotSink {
  void publish(Snapshot snapshot);

  void publish(FetchError error);
}
