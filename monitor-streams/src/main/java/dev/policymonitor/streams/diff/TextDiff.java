package dev.policymonitor.streams.diff;

import dev.policymonitor.model.Modification;
import java.util.List;

/**
 * What changed between two version texts, sentence by sentence.
 *
 * @param added sentences only in the new text
 * @param removed sentences only in the old text
 * @param modified sentence pairs similar enough to be one edited sentence, with a word-level diff
 * @param moved blocks or sentences that only changed place
 */
public record TextDiff(List<String> added, List<String> removed, List<Modification> modified, List<String> moved) {
  public static final TextDiff NONE = new TextDiff(List.of(), List.of(), List.of(), List.of());

  public TextDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    modified = List.copyOf(modified);
    moved = List.copyOf(moved);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && modified.isEmpty() && moved.isEmpty();
  }

  /** True when sentences were only reordered: nothing added, removed or edited. */
  public boolean onlyMoves() {
    return added.isEmpty() && removed.isEmpty() && modified.isEmpty() && !moved.isEmpty();
  }
}
