package dev.policymonitor.streams.diff;

import dev.policymonitor.model.WordSegment;
import java.util.List;

/** Test shorthand for word segments: deleted words as {@code [-old-]}, inserted words as {@code {+new+}}. */
public final class Markers {
  private Markers() {}

  public static String of(List<WordSegment> segments) {
    return WordSegment.marked(segments);
  }
}
