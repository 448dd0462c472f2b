package dev.policymonitor.fetcher;

import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps what it is given, for assertions. */
public class RecordingSink implements SnapshotSink {
  public final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
  public final List<FetchError> errors = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Snapshot snapshot) {
    snapshots.add(snapshot);
  }

  @Override
  public void publish(FetchError error) {
    errors.add(error);
  }
}
