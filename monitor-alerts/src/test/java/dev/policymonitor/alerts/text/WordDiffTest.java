package dev.policymonitor.alerts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordDiffTest {

  static String render(List<WordDiff.Segment> segments) {
    StringBuilder out = new StringBuilder();
    for (WordDiff.Segment s : segments) {
      out.append(s.type() == WordDiff.Type.DELETED ? "[-" + s.text() + "-]"
          : s.type() == WordDiff.Type.INSERTED ? "{+" + s.text() + "+}" : s.text());
    }
    return out.toString();
  }

  @Test
  void shouldJoinEditsSeparatedOnlyBySpaces() {
    assertThat(render(WordDiff.of("We keep logs for 30 days.", "We keep logs for 2 years.")))
        .isEqualTo("We keep logs for [-30 days.-] {+2 years.+}");
  }

  @Test
  void shouldMarkPureInsertionsAndDeletions() {
    assertThat(render(WordDiff.of("We share data.", "We never share data."))).isEqualTo("We {+never+} share data.");
    assertThat(render(WordDiff.of("We never share data.", "We share data."))).isEqualTo("We [-never-] share data.");
  }

  @Test
  void shouldKeepTheAfterTextWhenTheDeletionsAreRemoved() {
    String before = "Contact us at privacy@defensx.com or by post.";
    String after = "Contact our DPO at privacy@defensx.com.";
    StringBuilder rebuilt = new StringBuilder();
    for (WordDiff.Segment s : WordDiff.of(before, after)) {
      if (s.type() != WordDiff.Type.DELETED) {
        rebuilt.append(s.text());
      }
    }
    assertThat(rebuilt.toString().replaceAll("\\s+", " ").trim()).isEqualTo(after);
  }

  @Test
  void shouldSayNothingChangedForEqualText() {
    assertThat(WordDiff.of("Same text.", "Same text."))
        .containsExactly(new WordDiff.Segment(WordDiff.Type.EQUAL, "Same text."));
  }
}
