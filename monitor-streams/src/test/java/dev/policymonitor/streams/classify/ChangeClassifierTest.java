package dev.policymonitor.streams.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Severity;
import dev.policymonitor.streams.diff.TextDiff;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeClassifierTest {
  private final ChangeClassifier classifier = new ChangeClassifier();

  private static TextDiff added(String... sentences) {
    return new TextDiff(List.of(sentences), List.of(), List.of(), List.of());
  }

  private static TextDiff removed(String... sentences) {
    return new TextDiff(List.of(), List.of(sentences), List.of(), List.of());
  }

  @Test
  void shouldCategorizeRealSeedSentences() throws IOException {
    String alienvault = Files.readString(Corpus.seeds().resolve("alienvault-2015-06-26.md"));
    String pentasecurity = Files.readString(Corpus.seeds().resolve("pentasecurity-2019-02-27.md"));
    String corero = Files.readString(Corpus.seeds().resolve("corero-2018-10-28.md"));
    String children = "We do not knowingly collect information from children under 13 for marketing purposes.";
    String contractors = "We may use third parties (including contractors and service providers) to help with certain "
        + "aspects of our operations, which may require disclosure of your personal information to them.";
    String cookies = "Most browsers allow for cookies, but you can disable cookies through following your browser’s "
        + "instructions in their settings.";
    String security = "We are committed to ensuring that your personal information is secure.";
    assertThat(alienvault).contains(children, contractors);
    assertThat(pentasecurity).contains(cookies);
    assertThat(corero).contains(security);

    assertThat(classifier.categoriesOf(children)).contains("children", "first-party-collection-use");
    assertThat(classifier.categoriesOf(contractors)).contains("third-party-sharing-collection");
    assertThat(classifier.categoriesOf(cookies)).contains("first-party-collection-use", "user-choice-control");
    assertThat(classifier.categoriesOf(security)).contains("data-security");
    assertThat(classifier.categoriesOf("Contact us by phone.")).containsExactly(ChangeClassifier.OTHER);
  }

  @Test
  void shouldRateANewPermissionToSellAsHigh() {
    Classification c = classifier.classify(added("We may sell your personal information to our partners."));

    assertThat(c.severity()).isEqualTo(Severity.HIGH);
    assertThat(c.categories()).contains("sale-of-data");
    assertThat(c.reasons()).anyMatch(r -> r.startsWith("high: new: we may sell personal information"));
  }

  @Test
  void shouldRateTheRemovalOfANoSalePromiseAsHigh() {
    Classification c = classifier.classify(removed("We never sell your personal information."));

    assertThat(c.severity()).isEqualTo(Severity.HIGH);
    assertThat(c.reasons()).anyMatch(r -> r.contains("removed: a promise not to sell"));
  }

  @Test
  void shouldNotRateANewNoSalePromiseAsHigh() {
    Classification c = classifier.classify(added("We do not sell your personal information."));

    assertThat(c.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(c.categories()).contains("sale-of-data");
  }

  @Test
  void shouldRateAnEditThatTurnsANoSalePromiseIntoASaleAsHigh() {
    TextDiff diff = new VersionDiffer().diff("We do not sell your personal information.",
        "We may sell your personal information.");

    Classification c = classifier.classify(diff);

    assertThat(diff.modified()).hasSize(1);
    assertThat(c.severity()).isEqualTo(Severity.HIGH);
    assertThat(c.reasons()).anyMatch(r -> r.contains("new: we may sell"))
        .anyMatch(r -> r.contains("removed: a promise not to sell"));
  }

  @Test
  void shouldNotFireARuleWhenAnEditKeepsThePractice() {
    TextDiff diff = new TextDiff(List.of(), List.of(), List.of(new Modification(
        "We may sell your data to partners.", "We may sell your data to trusted partners.", null, null)), List.of());

    Classification c = classifier.classify(diff);

    assertThat(c.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(c.reasons()).noneMatch(r -> r.startsWith("high"));
  }

  @Test
  void shouldRateAiTrainingAndChildrensDataAsHigh() {
    assertThat(classifier.classify(added("We use your content to train our machine learning models.")).severity())
        .isEqualTo(Severity.HIGH);
    assertThat(classifier.classify(added("We collect information from children under 13 with parental consent."))
        .severity()).isEqualTo(Severity.HIGH);
    // The AlienVault sentence is a promise, not a new collection of children's data.
    assertThat(classifier.classify(added("We do not knowingly collect information from children under 13 for "
        + "marketing purposes.")).severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void shouldRateSentencesOutsideAnyPracticeAsLow() {
    Classification c = classifier.classify(added("Our office moved to Boston."));

    assertThat(c.severity()).isEqualTo(Severity.LOW);
    assertThat(c.categories()).containsExactly(ChangeClassifier.OTHER);
  }

  @Test
  void shouldExtendTheBundledRulesWithAUsersFile(@TempDir Path dir) throws IOException {
    Path extra = dir.resolve("rules.yaml");
    Files.writeString(extra, """
        categories:
          - id: biometrics
            severity: medium
            patterns: ["\\\\b(biometric|face ?print|fingerprint)s?\\\\b"]
          - id: other-practice
        rules:
          - id: biometrics-new
            side: added
            pattern: "\\\\bbiometric"
            severity: high
            reason: "new: biometric data"
        """);

    ChangeClassifier extended = new ChangeClassifier(ClassificationRules.load(extra));
    Classification c = extended.classify(added("We collect biometric identifiers at the door."));

    assertThat(c.categories()).contains("biometrics", "first-party-collection-use");
    assertThat(c.severity()).isEqualTo(Severity.HIGH);
    assertThat(c.reasons()).anyMatch(r -> r.contains("new: biometric data"));
    assertThat(classifier.categoriesOf("We collect biometric identifiers.")).doesNotContain("biometrics");
  }

  @Test
  void shouldRejectABadRulesFileWithAClearMessage(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "rules:\n  - id: x\n    patern: \"sell\"\n");
    Path badRegex = dir.resolve("regex.yaml");
    Files.writeString(badRegex, "rules:\n  - id: broken\n    pattern: \"(unclosed\"\n");

    assertThatThrownBy(() -> ClassificationRules.load(typo)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("typo.yaml").hasMessageContaining("patern");
    assertThatThrownBy(() -> new ChangeClassifier(ClassificationRules.load(badRegex)))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("broken");
    assertThatThrownBy(() -> ClassificationRules.load(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("not found");
  }
}
