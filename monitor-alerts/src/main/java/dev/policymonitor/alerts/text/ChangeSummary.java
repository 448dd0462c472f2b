package dev.policymonitor.alerts.text;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeCounts;
import dev.policymonitor.model.Modification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The words every channel uses for a change: its summary line and its changed sentences, most important first. */
public final class ChangeSummary {
  private ChangeSummary() {}

  /** "3 sentences added, 1 removed, 2 modified"; "no sentence changed" when the counts are all zero. */
  public static String counts(ChangeCounts c) {
    List<String> parts = new ArrayList<>();
    part(parts, c.added(), "added");
    part(parts, c.removed(), "removed");
    part(parts, c.modified(), "modified");
    part(parts, c.moved(), "moved");
    return parts.isEmpty() ? "no sentence changed" : String.join(", ", parts);
  }

  private static void part(List<String> parts, int n, String verb) {
    if (n > 0) {
      parts.add(parts.isEmpty() ? n + (n == 1 ? " sentence " : " sentences ") + verb : n + " " + verb);
    }
  }

  /** The change's language in words, "French (fr)"; null when it is not known. */
  public static String language(Change c) {
    if (c.language() == null || c.language().isBlank()) {
      return null;
    }
    String tag = c.language().trim();
    String name = Locale.forLanguageTag(tag).getDisplayLanguage(Locale.ENGLISH);
    return name.isEmpty() || name.equalsIgnoreCase(tag) ? tag : name + " (" + tag + ")";
  }

  /** The size change of a major rewrite, "9485 -> 3886 characters (-59%)"; null for any other change. */
  public static String size(Change c) {
    if (c.rewrite() == null) {
      return null;
    }
    return c.rewrite().previousLength() + " -> " + c.rewrite().length() + " characters ("
        + (c.rewrite().percent() > 0 ? "+" : "") + c.rewrite().percent() + "%)";
  }

  /** "defensx / privacy-policy changed", the title of every alert. */
  public static String title(Change c) {
    return c.vendor() + " / " + c.document() + " " + kindWords(c);
  }

  /** What happened, in words: "changed", "is now tracked", "extraction failed", ... */
  public static String kindWords(Change c) {
    switch (c.kind()) {
      case FIRST: return "is now tracked";
      case EXTRACTION_FAILED: return "could not be read (extraction failed)";
      case TECHNICAL_UPGRADE: return "re-extracted (technical upgrade)";
      default: return c.kind().wire();
    }
  }

  /**
   * The changed sentences, most important first: sentences a severity reason quotes, then added ones (new
   * permissions), then modified, then removed; document order within each group.
   */
  public static List<ChangedSentence> ranked(Change c) {
    List<ChangedSentence> all = new ArrayList<>();
    c.added().forEach(s -> all.add(new ChangedSentence(ChangedSentence.Type.ADDED, s, null)));
    for (Modification m : c.modified()) {
      all.add(new ChangedSentence(ChangedSentence.Type.MODIFIED, m.after(), m));
    }
    c.removed().forEach(s -> all.add(new ChangedSentence(ChangedSentence.Type.REMOVED, s, null)));
    List<String> quoted = new ArrayList<>();
    for (String reason : c.reasons()) {
      int colon = reason.indexOf(':');
      String q = (colon >= 0 ? reason.substring(colon + 1) : reason).trim().toLowerCase(Locale.ROOT);
      if (q.length() >= 4) {
        quoted.add(q);
      }
    }
    all.sort(Comparator.comparingInt(s -> quotedByReason(s, quoted) ? 0 : 1)); // stable: keeps group order
    return all;
  }

  private static boolean quotedByReason(ChangedSentence s, List<String> quoted) {
    String text = s.text().toLowerCase(Locale.ROOT);
    for (String q : quoted) {
      if (text.contains(q)) {
        return true;
      }
    }
    return false;
  }
}
