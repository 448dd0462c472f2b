package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.WordSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordDifferTest {
  private final WordDiffer words = new WordDiffer();

  private static String side(List<WordSegment> segments, WordSegment.Kind dropped) {
    StringBuilder out = new StringBuilder();
    segments.stream().filter(s -> s.kind() != dropped).forEach(s -> out.append(s.text()));
    return out.toString().replaceAll("\\s+", " ").replace(" .", ".").trim();
  }

  @Test
  void shouldJoinEditsSeparatedOnlyBySpacesIntoOneEdit() {
    assertThat(words.diff("We keep logs for 30 days.", "We keep logs for 2 years.")).containsExactly(
        WordSegment.kept("We keep logs for "), WordSegment.deleted("30 days"), WordSegment.inserted("2 years"),
        WordSegment.kept("."));
  }

  @Test
  void shouldMarkPureInsertionsAndDeletionsWithTheirSpacesOutside() {
    assertThat(Markers.of(words.diff("We share data.", "We never share data."))).isEqualTo("We {+never+} share data.");
    assertThat(Markers.of(words.diff("We never share data.", "We share data."))).isEqualTo("We [-never-] share data.");
  }

  @Test
  void shouldGiveBackEachSideWhenTheOtherSidesWordsAreLeftOut() {
    String before = "Contact us at privacy@defensx.com or by post.";
    String after = "Contact our DPO at privacy@defensx.com.";
    List<WordSegment> segments = words.diff(before, after);

    assertThat(side(segments, WordSegment.Kind.DELETED)).isEqualTo(after);
    assertThat(side(segments, WordSegment.Kind.INSERTED)).isEqualTo(before);
  }

  @Test
  void shouldKeepEqualTextWhole() {
    assertThat(words.diff("Same text.", "Same text.")).containsExactly(WordSegment.kept("Same text."));
  }

  @Test
  void shouldReplaceWholeSentencesTooLongForAWordDiff() {
    String longer = "word ".repeat(WordDiffer.WORD_DIFF_LIMIT / 5);

    assertThat(words.diff(longer, longer + "more")).containsExactly(WordSegment.deleted(longer),
        WordSegment.inserted(longer + "more"));
  }
}
