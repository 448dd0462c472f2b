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
    return coalesce(out);
  }

  /**
   * Joins edits separated only by spaces into one deletion followed by one insertion, so
   * "for [-30-]{+2+} [-days-]{+years+}" reads "for [-30 days-] {+2 years+}".
   */
  private static List<Segment> coalesce(List<Segment> in) {
    List<Segment> out = new ArrayList<>();
    int i = 0;
    while (i < in.size()) {
      if (in.get(i).type() == Type.EQUAL) {
        add(out, Type.EQUAL, in.get(i).text());
        i++;
        continue;
      }
      StringBuilder deleted = new StringBuilder();
      StringBuilder inserted = new StringBuilder();
      int j = i;
      while (j < in.size()) {
        Segment s = in.get(j);
        boolean gap = s.type() == Type.EQUAL && s.text().isBlank() && j + 1 < in.size()
            && in.get(j + 1).type() != Type.EQUAL;
        if (s.type() == Type.EQUAL && !gap) {
          break;
        }
        if (s.type() != Type.INSERTED) {
          deleted.append(s.text());
        }
        if (s.type() != Type.DELETED) {
          inserted.append(s.text());
        }
        j++;
      }
      String del = deleted.toString().strip();
      String ins = inserted.toString().strip();
      if (del.isEmpty() && ins.isEmpty()) {
        add(out, Type.EQUAL, inserted.toString()); // only whitespace changed
        i = j;
        continue;
      }
      String first = in.get(i).text();
      String last = in.get(j - 1).text();
      add(out, Type.EQUAL, first.substring(0, first.length() - first.stripLeading().length()));
      if (!del.isEmpty()) {
        add(out, Type.DELETED, del);
      }
      if (!del.isEmpty() && !ins.isEmpty()) {
        add(out, Type.EQUAL, " "); // "[-30 days-] {+2 years+}" reads better than "[-30 days-]{+2 years+}"
      }
      if (!ins.isEmpty()) {
        add(out, Type.INSERTED, ins);
      }
      add(out, Type.EQUAL, last.substring(last.stripTrailing().length()));
      i = j;
    }
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
