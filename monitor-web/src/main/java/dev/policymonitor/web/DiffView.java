package dev.policymonitor.web;

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
   *     {@code modified}, {@code moved-from} or {@code moved-to} (a moved block's text is one {@code equal} segment)
   * @param section the heading of the section the block is in, for context; null before the first heading
   * @param segments the text in order, each {@code equal}, {@code delete} or {@code insert}: the left side of a
   *     side-by-side view shows equal+delete, the right side equal+insert, the inline view all of them
   * @param skipped how many unchanged blocks a {@code skip} row stands for
   */
  public record Row(String type, String section, List<Segment> segments, int skipped) {
    public Row {
      segments = List.copyOf(segments);
    }
  }

  /** A run of text with one diff operation: {@code equal}, {@code delete} or {@code insert}. */
  public record Segment(String op, String text) {}
}
