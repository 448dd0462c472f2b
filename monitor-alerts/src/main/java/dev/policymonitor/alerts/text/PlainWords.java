package dev.policymonitor.alerts.text;

import dev.policymonitor.model.WordSegment;
import java.util.List;

/** An edited sentence as plain text for people (console, email text part): {@code [-old-]} and {@code {+new+}}. */
public final class PlainWords {
  private PlainWords() {}

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
