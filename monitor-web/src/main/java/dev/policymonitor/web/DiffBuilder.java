package dev.policymonitor.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Modification;
import dev.policymonitor.web.DiffView.Row;
import dev.policymonitor.web.DiffView.Segment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays out a change for the page: a block diff of the two version texts with word-level diffs inside edited
 * blocks, moved blocks marked, and each row's section heading; or, without the texts, the change event's own
 * sentence lists. Works on the texts alone, so it does not depend on how the topology detected the change.
 */
public final class DiffBuilder {
  /** Unchanged blocks shown before and after each edit. */
  static final int CONTEXT = 1;
  /** A first version is shown whole up to this many blocks. */
  static final int FIRST_VERSION_BLOCKS = 400;
  private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}_'’-]+|[^\\s\\p{L}\\p{N}_]");
  private static final Pattern WORD_DIFF = Pattern.compile("\\[-(.*?)-]|\\{\\+(.*?)\\+}", Pattern.DOTALL);

  public DiffView build(Change change, String previousText, String currentText) {
    if (previousText != null && currentText != null) {
      return fromTexts(change, previousText, currentText);
    }
    if (previousText == null && currentText != null && change.previousCapturedAt() == null) {
      return firstVersion(currentText);
    }
    return fromChange(change);
  }

  private DiffView firstVersion(String text) {
    List<String> blocks = blocks(text);
    List<String> sections = sections(blocks);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(blocks.size(), FIRST_VERSION_BLOCKS); i++) {
      rows.add(row("context", sections.get(i), "equal", blocks.get(i)));
    }
    if (blocks.size() > FIRST_VERSION_BLOCKS) {
      rows.add(new Row("skip", null, List.of(), blocks.size() - FIRST_VERSION_BLOCKS));
    }
    return new DiffView(rows, true);
  }

  private DiffView fromTexts(Change change, String previousText, String currentText) {
    List<String> before = blocks(previousText);
    List<String> after = blocks(currentText);
    List<String> beforeSections = sections(before);
    List<String> afterSections = sections(after);
    Set<String> removedTexts = new HashSet<>();
    Set<String> addedTexts = new HashSet<>();
    List<AbstractDelta<String>> deltas = DiffUtils.diff(before, after).getDeltas();
    for (AbstractDelta<String> d : deltas) {
      d.getSource().getLines().forEach(l -> removedTexts.add(canonical(l)));
      d.getTarget().getLines().forEach(l -> addedTexts.add(canonical(l)));
    }
    List<String> movedSentences = change.moved().stream().map(DiffBuilder::canonical).toList();
    List<Row> rows = new ArrayList<>();
    int b = 0;
    int a = 0;
    boolean firstDelta = true;
    for (AbstractDelta<String> d : deltas) {
      int equalRun = d.getSource().getPosition() - b;
      context(rows, after, afterSections, a, equalRun, firstDelta);
      firstDelta = false;
      List<String> src = d.getSource().getLines();
      List<String> tgt = d.getTarget().getLines();
      int sp = d.getSource().getPosition();
      int tp = d.getTarget().getPosition();
      int paired = 0;
      for (int i = 0; i < Math.min(src.size(), tgt.size()); i++) {
        if (isMoved(src.get(i), addedTexts, movedSentences) || isMoved(tgt.get(i), removedTexts, movedSentences)
            || similarity(src.get(i), tgt.get(i)) < 0.3) {
          break;
        }
        rows.add(new Row("modified", afterSections.get(tp + i), words(src.get(i), tgt.get(i)), 0));
        paired++;
      }
      for (int i = paired; i < src.size(); i++) {
        boolean moved = isMoved(src.get(i), addedTexts, movedSentences);
        rows.add(moved ? row("moved-from", beforeSections.get(sp + i), "equal", src.get(i))
            : row("removed", beforeSections.get(sp + i), "delete", src.get(i)));
      }
      for (int i = paired; i < tgt.size(); i++) {
        boolean moved = isMoved(tgt.get(i), removedTexts, movedSentences);
        rows.add(moved ? row("moved-to", afterSections.get(tp + i), "equal", tgt.get(i))
            : row("added", afterSections.get(tp + i), "insert", tgt.get(i)));
      }
      b = sp + src.size();
      a = tp + tgt.size();
    }
    int tail = after.size() - a;
    if (tail > 0) {
      int shown = Math.min(CONTEXT, tail);
      for (int i = 0; i < shown; i++) {
        rows.add(row("context", afterSections.get(a + i), "equal", after.get(a + i)));
      }
      if (tail > shown) {
        rows.add(new Row("skip", null, List.of(), tail - shown));
      }
    }
    return new DiffView(rows, true);
  }

  /** The unchanged run of {@code length} blocks starting at {@code from}: context at its ends, a skip between. */
  private static void context(List<Row> rows, List<String> blocks, List<String> sections, int from, int length,
      boolean leading) {
    if (length <= 0) {
      return;
    }
    int head = leading ? 0 : Math.min(CONTEXT, length);
    int tailStart = Math.max(from + head, from + length - CONTEXT);
    for (int i = from; i < from + head; i++) {
      rows.add(row("context", sections.get(i), "equal", blocks.get(i)));
    }
    if (tailStart > from + head) {
      rows.add(new Row("skip", null, List.of(), tailStart - from - head));
    }
    for (int i = tailStart; i < from + length; i++) {
      rows.add(row("context", sections.get(i), "equal", blocks.get(i)));
    }
  }

  private DiffView fromChange(Change change) {
    List<Row> rows = new ArrayList<>();
    for (Modification m : change.modified()) {
      rows.add(new Row("modified", m.section(), wordDiffSegments(m), 0));
    }
    change.removed().forEach(s -> rows.add(row("removed", null, "delete", s)));
    change.added().forEach(s -> rows.add(row("added", null, "insert", s)));
    change.moved().forEach(s -> rows.add(row("moved-to", null, "equal", s)));
    return new DiffView(rows, false);
  }

  /** Segments of a {@code [-old-]}/{@code {+new+}} word diff, or a fresh word diff of before/after. */
  private List<Segment> wordDiffSegments(Modification m) {
    Matcher matcher = WORD_DIFF.matcher(m.wordDiff());
    if (!matcher.find()) {
      return words(m.before(), m.after());
    }
    List<Segment> segments = new ArrayList<>();
    int last = 0;
    matcher.reset();
    while (matcher.find()) {
      add(segments, "equal", m.wordDiff().substring(last, matcher.start()));
      if (matcher.group(1) != null) {
        add(segments, "delete", matcher.group(1));
      } else {
        add(segments, "insert", matcher.group(2));
      }
      last = matcher.end();
    }
    add(segments, "equal", m.wordDiff().substring(last));
    return segments;
  }

  /** A word-level diff of two blocks. */
  static List<Segment> words(String before, String after) {
    List<String> from = tokens(before);
    List<String> to = tokens(after);
    List<Segment> segments = new ArrayList<>();
    int f = 0;
    int t = 0;
    for (AbstractDelta<String> d : DiffUtils.diff(from, to).getDeltas()) {
      add(segments, "equal", String.join("", from.subList(f, d.getSource().getPosition())));
      add(segments, "delete", String.join("", d.getSource().getLines()));
      add(segments, "insert", String.join("", d.getTarget().getLines()));
      f = d.getSource().getPosition() + d.getSource().size();
      t = d.getTarget().getPosition() + d.getTarget().size();
    }
    add(segments, "equal", String.join("", from.subList(f, from.size())));
    return segments;
  }

  private static void add(List<Segment> segments, String op, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!segments.isEmpty() && segments.get(segments.size() - 1).op().equals(op)) {
      Segment last = segments.remove(segments.size() - 1);
      segments.add(new Segment(op, last.text() + text));
    } else {
      segments.add(new Segment(op, text));
    }
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /** Non-blank lines, trailing spaces removed: Markdown paragraphs, list items, headings, table rows. */
  static List<String> blocks(String text) {
    List<String> blocks = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String b = line.stripTrailing();
      if (!b.isBlank()) {
        blocks.add(b);
      }
    }
    return blocks;
  }

  /** For each block, the nearest Markdown heading at or before it (a heading is its own section). */
  static List<String> sections(List<String> blocks) {
    List<String> sections = new ArrayList<>(blocks.size());
    String current = null;
    for (String block : blocks) {
      String trimmed = block.stripLeading();
      if (trimmed.startsWith("#")) {
        current = trimmed.replaceFirst("^#+\\s*", "");
      }
      sections.add(current);
    }
    return sections;
  }

  private static boolean isMoved(String block, Set<String> otherSide, List<String> movedSentences) {
    String c = canonical(block);
    if (otherSide.contains(c)) {
      return true;
    }
    for (String s : movedSentences) {
      if (!s.isEmpty() && c.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** Share of words in common (Jaccard), to decide whether two blocks are one edited block. */
  static double similarity(String x, String y) {
    Set<String> a = wordSet(x);
    Set<String> b = wordSet(y);
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    a.retainAll(b);
    return (double) a.size() / union.size();
  }

  private static Set<String> wordSet(String s) {
    Set<String> words = new HashSet<>();
    for (String t : tokens(s.toLowerCase(Locale.ROOT))) {
      if (!t.isBlank()) {
        words.add(t);
      }
    }
    return words;
  }

  private static String canonical(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static Row row(String type, String section, String op, String text) {
    return new Row(type, section, List.of(new Segment(op, text)), 0);
  }
}
