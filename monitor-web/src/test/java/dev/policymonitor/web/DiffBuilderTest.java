package dev.policymonitor.web;

import static dev.policymonitor.model.WordSegment.deleted;
import static dev.policymonitor.model.WordSegment.inserted;
import static dev.policymonitor.model.WordSegment.kept;
import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.web.DiffView.Row;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layout of a change for reading: word diffs, moved blocks, context cuts, sections, and the fallback. */
class DiffBuilderTest {
  private final DiffBuilder builder = new DiffBuilder();

  private static Change change(ChangeKind kind, Instant previous, List<Modification> modified, List<String> moved) {
    return KnownHistory.change("acme/privacy-policy", kind, previous, Instant.parse("2024-02-01T00:00:00Z"),
        previous == null ? null : "A", "B", List.of(), List.of(), modified, moved, Severity.MEDIUM, List.of(),
        List.of(), SnapshotSource.LIVE, null);
  }

  @Test
  void shouldMarkOnlyTheChangedWordsOfAnEditedBlock() {
    DiffView view = builder.build(change(ChangeKind.CHANGED, Instant.EPOCH, List.of(), List.of()),
        "# T\n\nWe keep logs for 30 days.\n", "# T\n\nWe keep logs for 90 days.\n");

    assertThat(view.rows()).filteredOn(r -> r.type().equals("modified")).singleElement()
        .extracting(Row::segments).asList().containsExactly(kept("We keep logs for "), deleted("30"), inserted("90"),
            kept(" days."));
  }

  @Test
  void shouldReportAMovedParagraphAsMovedNotRemovedAndAdded() {
    String before = "# T\n\nAlpha one.\n\nBravo two.\n\nCharlie three.\n";
    String after = "# T\n\nBravo two.\n\nCharlie three.\n\nAlpha one.\n";
    DiffView view = builder.build(change(ChangeKind.CHANGED, Instant.EPOCH, List.of(), List.of()), before, after);
    assertThat(view.rows()).extracting(Row::type).contains("moved-from", "moved-to")
        .doesNotContain("added", "removed");
  }

  @Test
  void shouldCutLongUnchangedStretchesToOneBlockOfContextWithTheirSection() {
    StringBuilder before = new StringBuilder("# Policy\n\n## Retention\n\n");
    for (int i = 0; i < 10; i++) {
      before.append("Unchanged paragraph ").append(i).append(".\n\n");
    }
    String after = before + "A new closing sentence.\n";
    DiffView view = builder.build(change(ChangeKind.CHANGED, Instant.EPOCH, List.of(), List.of()),
        before.toString(), after);
    assertThat(view.rows()).extracting(Row::type).containsExactly("skip", "context", "added");
    assertThat(view.rows().get(0).skipped()).isEqualTo(11);
    assertThat(view.rows().get(2).section()).isEqualTo("Retention");
  }

  @Test
  void shouldFallBackToTheChangeEventsSentencesWhenTextsAreGone() {
    Change c = change(ChangeKind.CHANGED, Instant.EPOCH, List.of(new Modification("We never sell.", "We may sell.",
        List.of(kept("We "), deleted("never"), inserted("may"), kept(" sell.")), "Sharing")),
        List.of("Moved sentence."));
    DiffView view = builder.build(c, null, null);
    assertThat(view.fromVersions()).isFalse();
    assertThat(view.rows().get(0).segments()).containsExactly(kept("We "), deleted("never"), inserted("may"),
        kept(" sell."));
    assertThat(view.rows().get(0).section()).isEqualTo("Sharing");
    assertThat(view.rows()).extracting(Row::type).contains("moved-to");
  }

  @Test
  void shouldShowAFirstVersionWhole() {
    DiffView view = builder.build(change(ChangeKind.FIRST, null, List.of(), List.of()), null, "# A\n\nB.\n");
    assertThat(view.rows()).extracting(Row::type).containsExactly("context", "context");
  }
}
