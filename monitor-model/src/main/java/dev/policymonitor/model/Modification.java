package dev.policymonitor.model;

import java.util.List;
import java.util.Objects;

/**
 * One sentence or block that was edited.
 *
 * @param segments the words of the sentence, kept, deleted and inserted, in reading order, as computed once by the
 *     streams' differ; every renderer shows these. Change events written before {@code change-v2} have none
 *     (they carried a {@code wordDiff} string): they read as the whole sentence deleted and inserted.
 * @param section heading of the section the sentence is in, for context; may be null
 */
public record Modification(String before, String after, List<WordSegment> segments, String section) {
  public Modification {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    segments = segments == null || segments.isEmpty() ? WordSegment.replaced(before, after)
        : List.copyOf(segments);
  }
}
