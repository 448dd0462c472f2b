package dev.policymonitor.streams.diff;

import dev.policymonitor.model.Modification;
import java.util.List;

/** What changed between two version texts, sentence by sentence. */
public record TextDiff(List<String> added, List<String> removed, List<Modification> modified, List<String> moved) {
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && modified.isEmpty() && moved.isEmpty();
  }
}
