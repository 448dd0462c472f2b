package dev.policymonitor.alerts;

import dev.policymonitor.alerts.text.ChangeSummary;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.WordSegment;
import java.util.Locale;

/** Plain-text rendering of a change for people: the console, email text parts and logs. */
public final class AlertFormatter {
  private static final int MAX_LINES = 10;

  /** One line: vendor, document, kind, severity and the counts. */
  public String headline(Change c) {
    String what = c.kind() == ChangeKind.FIRST ? "now tracked" : c.kind().wire();
    return "[" + c.severity().wire().toUpperCase(Locale.ROOT) + "] " + c.key() + " " + what
        + (c.kind() == ChangeKind.FIRST ? "" : ": " + summary(c))
        + " (captured " + c.capturedAt() + ")";
  }

  /** "3 sentences added, 1 removed, 2 modified". */
  public String summary(Change c) {
    return ChangeSummary.counts(c.counts());
  }

  /** The headline followed by the changed sentences, removed as {@code - }, added as {@code + }. */
  public String text(Change c) {
    StringBuilder out = new StringBuilder(headline(c)).append('\n');
    int lines = 0;
    for (String s : c.added()) {
      if (lines++ < MAX_LINES) out.append("  + ").append(s).append('\n');
    }
    for (String s : c.removed()) {
      if (lines++ < MAX_LINES) out.append("  - ").append(s).append('\n');
    }
    for (Modification m : c.modified()) {
      if (lines++ < MAX_LINES) out.append("  ~ ").append(WordSegment.marked(m.segments())).append('\n');
    }
    if (lines > MAX_LINES) {
      out.append("  ... and ").append(lines - MAX_LINES).append(" more\n");
    }
    return out.toString();
  }
}
