package dev.policymonitor.streams.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.text.DiffRowGenerator;
import com.github.difflib.text.deltamerge.InlineDeltaMergeInfo;
import dev.policymonitor.model.WordSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The one word-level diff of the project: the words of an edited sentence (or block) as kept, deleted and inserted
 * segments (java-diff-utils over its word splitter). Edits separated only by whitespace are merged ("do not" ->
 * "may" is one edit, not two), and whitespace at the edge of an edit is kept outside it, so {@code "We do not sell"}
 * -> {@code "We may sell"} gives {@code We }, deleted {@code do not}, inserted {@code may}, {@code  sell}.
 */
public final class WordDiffer {
  /** Sentences longer than this together (a page without punctuation) get a whole-sentence diff. */
  static final int WORD_DIFF_LIMIT = 20_000;

  /** The segments that turn {@code before} into {@code after}, in reading order, adjacent runs merged. */
  public List<WordSegment> diff(String before, String after) {
    if (before.length() + after.length() > WORD_DIFF_LIMIT) {
      // Myers' word diff needs memory in proportion to length times edits: the whole sentences instead.
      return WordSegment.replaced(before, after);
    }
    List<String> from = DiffRowGenerator.SPLITTER_BY_WORD.apply(before);
    List<String> to = DiffRowGenerator.SPLITTER_BY_WORD.apply(after);
    List<AbstractDelta<String>> deltas = DiffRowGenerator.WHITESPACE_EQUALITIES_MERGER.apply(
        new InlineDeltaMergeInfo(DiffUtils.diff(from, to).getDeltas(), from, to));
    Segments out = new Segments();
    int position = 0;
    for (AbstractDelta<String> d : deltas) {
      out.add(WordSegment.Kind.KEPT, String.join("", from.subList(position, d.getSource().getPosition())));
      out.edit(String.join("", d.getSource().getLines()), String.join("", d.getTarget().getLines()));
      position = d.getSource().getPosition() + d.getSource().size();
    }
    out.add(WordSegment.Kind.KEPT, String.join("", from.subList(position, from.size())));
    return out.segments;
  }

  /** Segments under construction: empty runs dropped, runs of one kind merged. */
  private static final class Segments {
    private final List<WordSegment> segments = new ArrayList<>();

    /**
     * One edit: {@code deleted} replaced by {@code inserted} (either may be empty). Whitespace that ends both
     * sides goes after the edit, whitespace that ends one side goes after that side, and whitespace that starts
     * a side goes before it.
     */
    void edit(String deleted, String inserted) {
      String deletedEnd = trailingSpace(deleted);
      String insertedEnd = trailingSpace(inserted);
      String between = "";
      String after = "";
      if (!deleted.isEmpty() && !inserted.isEmpty() && deletedEnd.equals(insertedEnd)) {
        after = deletedEnd;
      } else {
        between = deletedEnd;
        after = insertedEnd;
      }
      deleted = deleted.substring(0, deleted.length() - deletedEnd.length());
      inserted = inserted.substring(0, inserted.length() - insertedEnd.length());
      String deletedStart = leadingSpace(deleted);
      String insertedStart = leadingSpace(inserted);
      add(WordSegment.Kind.KEPT, deletedStart);
      add(WordSegment.Kind.DELETED, deleted.substring(deletedStart.length()));
      add(WordSegment.Kind.KEPT, between + insertedStart);
      add(WordSegment.Kind.INSERTED, inserted.substring(insertedStart.length()));
      add(WordSegment.Kind.KEPT, after);
    }

    void add(WordSegment.Kind kind, String text) {
      if (text.isEmpty()) {
        return;
      }
      int last = segments.size() - 1;
      if (last >= 0 && segments.get(last).kind() == kind) {
        segments.set(last, new WordSegment(kind, segments.get(last).text() + text));
      } else {
        segments.add(new WordSegment(kind, text));
      }
    }

    private static String trailingSpace(String s) {
      int end = s.length();
      while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
        end--;
      }
      return s.substring(end);
    }

    private static String leadingSpace(String s) {
      int start = 0;
      while (start < s.length() && Character.isWhitespace(s.charAt(start))) {
        start++;
      }
      return s.substring(0, start);
    }
  }
}
