package dev.policymonitor.alerts.text;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level diff of one modified sentence, computed from its before and after text (not from the
 * {@code [-old-]}/{@code {+new+}} markers, which policy text itself could contain).
 */
public final class WordDiff {
  private static final Pattern TOKEN = Pattern.compile("\\s+|[^\\s]+");

  /** What a run of text is in the new version compared with the old. */
  public enum Type { EQUAL, DELETED, INSERTED }

  /** A run of consecutive tokens of one type; whitespace included as it was. */
  public record Segment(Type type, String text) {}

  private WordDiff() {}

  /** The segments that turn {@code before} into {@code after}, in reading order, adjacent runs merged. */
  public static List<Segment> of(String before, String after) {
    List<String> a = tokens(before);
    List<String> b = tokens(after);
    List<Segment> out = new ArrayList<>();
    int pos = 0;
    for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
      int start = d.getSource().getPosition();
      add(out, Type.EQUAL, String.join("", a.subList(pos, start)));
      if (d.getType() == DeltaType.DELETE || d.getType() == DeltaType.CHANGE) {
        add(out, Type.DELETED, String.join("", d.getSource().getLines()));
      }
      if (d.getType() == DeltaType.INSERT || d.getType() == DeltaType.CHANGE) {
        add(out, Type.INSERTED, String.join("", d.getTarget().getLines()));
      }
      pos = start + d.getSource().size();
    }
    add(out, Type.EQUAL, String.join("", a.subList(pos, a.size())));
    return out;
  }

  private static void add(List<Segment> out, Type type, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!out.isEmpty() && out.get(out.size() - 1).type() == type) {
      Segment last = out.remove(out.size() - 1);
      out.add(new Segment(type, last.text() + text));
    } else {
      out.add(new Segment(type, text));
    }
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(s == null ? "" : s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
