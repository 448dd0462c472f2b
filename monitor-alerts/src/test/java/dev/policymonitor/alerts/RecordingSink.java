package dev.policymonitor.alerts;

import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.model.Change;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that remembers what it was asked to deliver. */
class RecordingSink implements AlertSink {
  final List<Change> changes = new CopyOnWriteArrayList<>();
  final List<Digest> digests = new CopyOnWriteArrayList<>();
  private final String channel;
  private final boolean deduplicated;

  RecordingSink(String channel, boolean deduplicated) {
    this.channel = channel;
    this.deduplicated = deduplicated;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public void deliver(Change change) {
    changes.add(change);
  }

  @Override
  public void deliverDigest(Digest digest) {
    digests.add(digest);
  }

  @Override
  public boolean deduplicated() {
    return deduplicated;
  }
}
