package dev.policymonitor.model;

import java.util.Objects;

/**
 * One sentence or block that was edited.
 *
 * @param wordDiff the sentence with removed words as {@code [-old-]} and added words as {@code {+new+}}
 * @param section heading of the section the sentence is in, for context; may be null
 */
public record Modification(String before, String after, String wordDiff, String section) {
  public Modification {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(wordDiff, "wordDiff");
  }
}
