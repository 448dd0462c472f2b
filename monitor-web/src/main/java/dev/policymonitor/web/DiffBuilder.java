package dev.policymonitor.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.WordSegment;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.streams.diff.WordDiffer;
import dev.policymonitor.web.DiffView.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lays out a change for the page: the blocks of the two kept version texts in document order (java-diff-utils over
 * their lines), unchanged ones cut to context, moved ones marked, with each row's section heading; an edited block
 * gets its words from the streams' {@link WordDiffer}, the one word diff of the project. Without the texts, the rows
 * are the change event's own sentences, and an edited sentence shows the word segments the event carries.
 */
public final class DiffBuilder {
  /** Unchanged blocks shown before and after each edit. */
  static final int CONTEXT = 1;
  /** A first version is shown whole up to this many blocks. */
  static final int FIRST_VERSION_BLOCKS = 400;
  private static final WordDiffer WORDS = new WordDiffer();

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
      rows.add(row("context", sections.get(i), WordSegment.kept(blocks.get(i))));
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
            || VersionDiffer.similarity(src.get(i), tgt.get(i)) < VersionDiffer.DEFAULT_SIMILARITY) {
          break;
        }
        rows.add(new Row("modified", afterSections.get(tp + i), WORDS.diff(src.get(i), tgt.get(i)), 0));
        paired++;
      }
      for (int i = paired; i < src.size(); i++) {
        boolean moved = isMoved(src.get(i), addedTexts, movedSentences);
        rows.add(moved ? row("moved-from", beforeSections.get(sp + i), WordSegment.kept(src.get(i)))
            : row("removed", beforeSections.get(sp + i), WordSegment.deleted(src.get(i))));
      }
      for (int i = paired; i < tgt.size(); i++) {
        boolean moved = isMoved(tgt.get(i), removedTexts, movedSentences);
        rows.add(moved ? row("moved-to", afterSections.get(tp + i), WordSegment.kept(tgt.get(i)))
            : row("added", afterSections.get(tp + i), WordSegment.inserted(tgt.get(i))));
      }
      b = sp + src.size();
      a = tp + tgt.size();
    }
    int tail = after.size() - a;
    if (tail > 0) {
      int shown = Math.min(CONTEXT, tail);
      for (int i = 0; i < shown; i++) {
        rows.add(row("context", afterSections.get(a + i), WordSegment.kept(after.get(a + i))));
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
      rows.add(row("context", sections.get(i), WordSegment.kept(blocks.get(i))));
    }
    if (tailStart > from + head) {
      rows.add(new Row("skip", null, List.of(), tailStart - from - head));
    }
    for (int i = tailStart; i < from + length; i++) {
      rows.add(row("context", sections.get(i), WordSegment.kept(blocks.get(i))));
    }
  }

  private DiffView fromChange(Change change) {
    List<Row> rows = new ArrayList<>();
    for (Modification m : change.modified()) {
      rows.add(new Row("modified", m.section(), m.segments(), 0));
    }
    change.removed().forEach(s -> rows.add(row("removed", null, WordSegment.deleted(s))));
    change.added().forEach(s -> rows.add(row("added", null, WordSegment.inserted(s))));
    change.moved().forEach(s -> rows.add(row("moved-to", null, WordSegment.kept(s))));
    return new DiffView(rows, false);
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

  private static String canonical(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static Row row(String type, String section, WordSegment text) {
    return new Row(type, section, List.of(text), 0);
  }
}
