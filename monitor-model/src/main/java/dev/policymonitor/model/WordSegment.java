package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run of words of an edited sentence, in reading order: kept in both versions, inserted in the new one, or
 * deleted from the old one. Whitespace at the edge of an edit is kept outside it, so renderers can mark the
 * words alone.
 */
public record WordSegment(Kind kind, String text) {

  /** What the run of words is in the new version compared with the old. */
  public enum Kind {
    KEPT, INSERTED, DELETED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind fromWire(String wire) {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
  }

  public WordSegment {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  public static WordSegment kept(String text) {
    return new WordSegment(Kind.KEPT, text);
  }

  public static WordSegment inserted(String text) {
    return new WordSegment(Kind.INSERTED, text);
  }

  public static WordSegment deleted(String text) {
    return new WordSegment(Kind.DELETED, text);
  }

  /** The whole of {@code before} deleted and the whole of {@code after} inserted: the coarsest word diff. */
  public static List<WordSegment> replaced(String before, String after) {
    return List.of(deleted(before), inserted(after));
  }

  /**
   * An edited sentence as plain text for people (console, email text part, feeds, tests): deleted words in
   * {@code [-...-]}, inserted words in {@code {+...+}}, kept words as they are.
   */
  public static String marked(List<WordSegment> segments) {
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
