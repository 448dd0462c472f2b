package dev.policymonitor.web;

import dev.policymonitor.model.WordSegment;
import java.util.List;

/**
 * A change laid out for reading: rows of blocks (paragraphs, list items, headings) in document order.
 *
 * @param rows the rows; unchanged stretches are cut to one block of context around each change
 * @param fromVersions true when both version texts were available (full context); false when the rows come
 *     from the change event's own sentence lists
 */
public record DiffView(List<Row> rows, boolean fromVersions) {
  public DiffView {
    rows = List.copyOf(rows);
  }

  /**
   * One row.
   *
   * @param type {@code context}, {@code skip} (unchanged blocks left out), {@code added}, {@code removed},
   *     {@code modified}, {@code moved-from} or {@code moved-to} (a moved block's text is one {@code kept} segment)
   * @param section the heading of the section the block is in, for context; null before the first heading
   * @param segments the text in order, each {@code kept}, {@code deleted} or {@code inserted} (the change event's
   *     own word segments type): the left side of a side-by-side view shows kept+deleted, the right side
   *     kept+inserted, the inline view all of them
   * @param skipped how many unchanged blocks a {@code skip} row stands for
   */
  public record Row(String type, String section, List<WordSegment> segments, int skipped) {
    public Row {
      segments = List.copyOf(segments);
    }
  }
}
