package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.WordSegment;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VersionDifferTest {
  private final VersionDiffer differ = new VersionDiffer();

  @Test
  void shouldPairAnEditedSentenceWithAWordDiffAndItsSection() {
    String before = "# Policy\n\n## Sharing\n\nWe do not sell your personal data. We keep it safe.\n\n## Contact\n\nMail us.";
    String after = "# Policy\n\n## Sharing\n\nWe may sell your personal data. We keep it safe.\n\n## Contact\n\nMail us.";

    TextDiff diff = differ.diff(before, after);

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.moved()).isEmpty();
    assertThat(diff.modified()).singleElement().satisfies(m -> {
      assertThat(m.before()).isEqualTo("We do not sell your personal data.");
      assertThat(m.after()).isEqualTo("We may sell your personal data.");
      assertThat(Markers.of(m.segments())).isEqualTo("We [-do not-]{+may+} sell your personal data.");
      assertThat(m.segments()).containsExactly(WordSegment.kept("We "), WordSegment.deleted("do not"),
          WordSegment.inserted("may"), WordSegment.kept(" sell your personal data."));
      assertThat(m.section()).isEqualTo("Sharing");
    });
  }

  @Test
  void shouldReportAMovedParagraphAsMovedNotRemovedAndAdded() {
    String a = "We collect your email address when you register.";
    String b = "We use cookies to remember your preferences.";
    String c = "You can ask us to delete your account at any time.";

    TextDiff diff = differ.diff(a + "\n\n" + b + "\n\n" + c, b + "\n\n" + c + "\n\n" + a);

    assertThat(diff.moved()).containsExactly(a);
    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.modified()).isEmpty();
    assertThat(diff.onlyMoves()).isTrue();
  }

  @Test
  void shouldReportASentenceMovedToAnotherParagraph() {
    String before = "## Data\n\nWe collect your name. We store it in Ireland.\n\n## Retention\n\nWe keep logs for 30 days.";
    String after = "## Data\n\nWe collect your name.\n\n## Retention\n\nWe keep logs for 30 days. We store it in Ireland.";

    TextDiff diff = differ.diff(before, after);

    assertThat(diff.moved()).containsExactly("We store it in Ireland.");
    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
  }

  @Test
  void shouldReportAddedAndRemovedSentencesThatHaveNothingInCommon() {
    String before = "We collect your name. Cookies help us count visits.";
    String after = "We collect your name. We may share your data with advertising partners.";

    TextDiff diff = differ.diff(before, after);

    assertThat(diff.added()).containsExactly("We may share your data with advertising partners.");
    assertThat(diff.removed()).containsExactly("Cookies help us count visits.");
    assertThat(diff.modified()).isEmpty();
  }

  @Test
  void shouldFindNothingBetweenEqualTexts() {
    String text = "# Policy\n\nWe collect data.\n\n- item";

    assertThat(differ.diff(text, text).isEmpty()).isTrue();
  }

  @Test
  void shouldGiveTheWordDiffOfTwoSentences() {
    WordDiffer words = new WordDiffer();
    assertThat(Markers.of(words.diff("You may anonymize your IP address.", "You will anonymize your IP address.")))
        .isEqualTo("You [-may-]{+will+} anonymize your IP address.");
    assertThat(Markers.of(words.diff("We keep logs for 30 days in the EU.", "We keep all logs for 90 days.")))
        .isEqualTo("We keep {+all+} logs for [-30-]{+90+} days [-in the EU-].");
  }

  @Test
  void shouldFindTheEditsMadeToTheCoreroSeed() throws IOException {
    String seed = Files.readString(Corpus.seeds().resolve("corero-2018-10-28.md"));
    String traffic = "We use traffic log cookies to identify which pages are being used. This helps us analyse data "
        + "about web page traffic and improve our website in order to tailor it to customer needs. We only use this "
        + "information for statistical analysis purposes and then the data is removed from the system.";
    String overall = "Overall, cookies help us provide you with a better website, by enabling us to monitor which "
        + "pages you find useful and which you do not.";
    assertThat(seed).contains(traffic, overall);
    String edited = seed
        .replace("You can choose to accept or decline cookies.", "You can choose to accept or decline most cookies.")
        .replace(traffic, "")
        .replace("**Security**", traffic + "\n\n**Security**")
        .replace(overall, overall + " We may also share cookie data with advertising partners.");

    TextDiff diff = differ.diff(seed, edited);

    assertThat(diff.modified()).singleElement().satisfies(m -> {
      assertThat(Markers.of(m.segments())).isEqualTo("You can choose to accept or decline {+most+} cookies.");
      assertThat(m.section()).isEqualTo("How we use cookies");
    });
    assertThat(diff.moved()).containsExactly(traffic);
    assertThat(diff.added()).containsExactly("We may also share cookie data with advertising partners.");
    assertThat(diff.removed()).isEmpty();

    // A figure, not an assertion: the cost of one diff of a real policy (254 lines of Markdown).
    int runs = 50;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      differ.diff(seed, edited);
    }
    System.out.printf(Locale.ROOT, "VersionDiffer: corero seed (%d chars) vs edited copy: %.2f ms per diff over %d runs%n",
        seed.length(), (System.nanoTime() - start) / 1e6 / runs, runs);
  }
}
