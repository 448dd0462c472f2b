package dev.policymonitor.streams.diff;

import dev.policymonitor.model.WordSegment;
import java.util.List;

/** Test shorthand for word segments: deleted words as {@code [-old-]}, inserted words as {@code {+new+}}. */
public final class Markers {
  private Markers() {}

  public static String of(List<WordSegment> segments) {
    StringBuilder out = new StringBuilder();
    for (WordSegment s : segments) {
      switch (s.kind()) {
        case DELETED -> out.append("[-").append(s.text()).append("-]");
        case INSERTED -> out.append("{+").append(s.text()).append("+}");
        default -> out.append(s.text());
      }
    }
    return out.toString();
  }
}
