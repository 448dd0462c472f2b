package dev.policymonitor.benchmarks;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.DocumentHistory;
import dev.policymonitor.streams.DocumentState;
import dev.policymonitor.streams.StateUpdate;
import java.util.HashMap;
import java.util.Map;

/** One document's change-detection state in memory, updated as the detector's stores would be. */
final class MemoryState implements DocumentState {
  private Version latest;
  private Snapshot latestSnapshot;
  private DocumentHistory history = DocumentHistory.EMPTY;
  private final Map<String, String> texts = new HashMap<>();

  void apply(StateUpdate update) {
    if (update.latest() != null) {
      latest = update.latest();
    }
    if (update.latestSnapshot() != null) {
      latestSnapshot = update.latestSnapshot();
    }
    if (update.history() != null) {
      history = update.history();
    }
    texts.putAll(update.texts());
    update.droppedTexts().forEach(texts::remove);
  }

  @Override
  public Version latest() {
    return latest;
  }

  @Override
  public Snapshot latestSnapshot() {
    return latestSnapshot;
  }

  @Override
  public DocumentHistory history() {
    return history;
  }

  @Override
  public String text(String textDigest) {
    return texts.get(textDigest);
  }
}
