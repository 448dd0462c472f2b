package dev.policymonitor.streams;

import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Version;
import java.util.Map;
import java.util.Set;

/**
 * The writes one detection makes to its document's state; null means unchanged.
 *
 * @param texts version texts to keep, by text digest
 * @param droppedTexts text digests no kept version refers to any more
 */
public record StateUpdate(Version latest, Snapshot latestSnapshot, DocumentHistory history, Map<String, String> texts,
    Set<String> droppedTexts) {
  public static final StateUpdate NONE = new StateUpdate(null, null, null, Map.of(), Set.of());

  public StateUpdate {
    texts = Map.copyOf(texts);
    droppedTexts = Set.copyOf(droppedTexts);
  }

  public boolean isEmpty() {
    return latest == null && latestSnapshot == null && history == null && texts.isEmpty() && droppedTexts.isEmpty();
  }
}
