package dev.policymonitor.streams.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2025-02-01T00:00:00Z");
  private static final Instant T3 = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant T4 = Instant.parse("2025-04-01T00:00:00Z");
  @TempDir Path dir;

  private static Change event(ChangeKind kind, Instant at, String reason, ChangeFlag... flags) {
    return new Change("id" + at.getEpochSecond() + kind.ordinal(), "h/privacy-policy", "h", "privacy-policy", kind,
        null, at, null, "D", List.of(), List.of(), List.of(), List.of(), null, Severity.MEDIUM, List.of(),
        List.of(reason), List.of(flags), "u", SnapshotSource.IMPORT, at, "fr", null);
  }

  private LabelledHistory history() throws IOException {
    for (String f : List.of("20250101T000000Z.md", "20250201T000000Z.md", "20250301T000000Z.md",
        "20250401T000000Z.md")) {
      Files.writeString(dir.resolve(f), "text");
    }
    Files.writeString(dir.resolve("manifest.json"), """
        {"service": "Acme", "language": "fr",
         "versions": [
          {"snapshot_file": "20250101T000000Z.md", "kind": "first", "text_change": "first-capture"},
          {"snapshot_file": "20250201T000000Z.md", "kind": "change", "text_change": "substantive"},
          {"snapshot_file": "20250401T000000Z.md", "kind": "change", "text_change": "substantive"}],
         "noise": [{"snapshot_file": "20250301T000000Z.md"}]}
        """);
    return LabelledHistory.read(dir);
  }

  @Test
  void shouldScoreRecallFalseAlertsAndListEveryDisagreementWithTheEventsReasons() throws IOException {
    Evaluation.History scored = Evaluation.score("acme", "generic", history(), List.of(
        event(ChangeKind.FIRST, T1, "first version"),
        event(ChangeKind.CHANGED, T2, "new: we may sell"),
        event(ChangeKind.CHANGED, T3, "changed sentences about cookies"),
        event(ChangeKind.EXTRACTION_FAILED, T4, "extraction failed: no text extracted"),
        event(ChangeKind.CHANGED, Instant.parse("2025-05-01T00:00:00Z"), "later")));
    Evaluation evaluation = new Evaluation(List.of(scored));

    assertThat(evaluation.captures()).isEqualTo(4);
    assertThat(evaluation.realChanges()).isEqualTo(2);
    assertThat(evaluation.found()).isEqualTo(1);
    assertThat(evaluation.quietCaptures()).isEqualTo(1);
    assertThat(evaluation.falseAlerts()).isEqualTo(1);
    assertThat(evaluation.disagreements()).isEqualTo(3);
    StringWriter text = new StringWriter();
    evaluation.print(new PrintWriter(text));
    assertThat(text.toString()).contains(
        "acme     generic  fr           4      2             2      1             1",
        "recall: 1/2 real changes gave a changed event (50.0%)",
        "false alerts: 1 changed events on 1 captures without a real change (noise, cosmetic, re-extraction)",
        "disagreements: 3",
        "  acme/20250301T000000Z.md: expected no event (noise), got changed (changed sentences about cookies)",
        "  acme/20250401T000000Z.md: expected one changed event (a real change), got extraction-failed "
            + "(extraction failed: no text extracted)",
        "  acme: an event for no labelled capture (captured at 2025-05-01T00:00:00Z): changed (later)");
  }

  @Test
  void shouldScoreARewriteThatResolvedAnEarlierFailureOfTheSameCaptureAsFound() throws IOException {
    Evaluation.History scored = Evaluation.score("acme", "generic", history(), List.of(
        event(ChangeKind.FIRST, T1, "first version"),
        event(ChangeKind.EXTRACTION_FAILED, T2, "extraction failed: text shrank"),
        event(ChangeKind.CHANGED, T2, "major rewrite", ChangeFlag.MAJOR_REWRITE),
        event(ChangeKind.CHANGED, T4, "new: we may sell")));

    assertThat(scored.results()).allMatch(Evaluation.Result::agrees);
    assertThat(new Evaluation(List.of(scored)).found()).isEqualTo(2);
  }

  @Test
  void shouldFindHistoriesAtAnyDepthOrTakeTheFolderItself() throws IOException {
    Map<String, LabelledHistory> corpus = LabelledHistory.all(Corpus.root());
    assertThat(corpus).containsKeys("ota-demo/buffer", "languages/ko-dailymotion", "detection/halved-alienvault");
    assertThat(List.copyOf(corpus.keySet())).isSorted();
    assertThat(LabelledHistory.all(Corpus.history("languages/fr-cityscoot"))).containsOnlyKeys("fr-cityscoot");
    assertThatThrownBy(() -> LabelledHistory.all(dir)).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("no labelled history (a folder with a manifest.json) in");
    Files.writeString(dir.resolve("manifest.json"), "{\"versions\": [{\"snapshot_file\": \"20250101T000000Z.md\"}]}");
    assertThatThrownBy(() -> LabelledHistory.all(dir)).isInstanceOf(InvalidConfigException.class)
        .hasMessageEndingWith("lists 20250101T000000Z.md, which is not there");
  }
}
