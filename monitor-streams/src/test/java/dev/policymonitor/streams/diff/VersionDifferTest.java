package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Modification;
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
    assertThat(diff.modified()).containsExactly(new Modification("We do not sell your personal data.",
        "We may sell your personal data.", "We [-do not-]{+may+} sell your personal data.", "Sharing"));
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
    assertThat(differ.wordDiff("You may anonymize your IP address.", "You will anonymize your IP address."))
        .isEqualTo("You [-may-]{+will+} anonymize your IP address.");
    assertThat(differ.wordDiff("We keep logs for 30 days in the EU.", "We keep all logs for 90 days."))
        .isEqualTo("We keep {+all+} logs for [-30-]{+90+} days [-in the EU-].");
  }
}
