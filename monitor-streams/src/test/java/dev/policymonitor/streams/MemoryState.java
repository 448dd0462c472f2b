package dev.policymonitor.streams;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import java.util.HashMap;
import java.util.Map;

/** A document's state in memory, updated as the processor updates its stores. */
final class MemoryState implements DocumentState {
  Version latest;
  Snapshot latestSnapshot;
  DocumentHistory history = DocumentHistory.EMPTY;
  final Map<String, String> texts = new HashMap<>();

  Detection apply(Detection d) {
    StateUpdate u = d.update();
    latest = u.latest() != null ? u.latest() : latest;
    latestSnapshot = u.latestSnapshot() != null ? u.latestSnapshot() : latestSnapshot;
    history = u.history() != null ? u.history() : history;
    texts.putAll(u.texts());
    u.droppedTexts().forEach(texts::remove);
    return d;
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
