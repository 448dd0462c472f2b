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

  private static TextDiff edited(String before, String after) {
    return new TextDiff(List.of(), List.of(), List.of(new Modification(before, after, null, null)), List.of());
  }

  @Test
  void shouldRateALongerRetentionDeadlineOrPeriodAtLeastMediumInAnyLanguage() {
    Classification deadline = classifier.classify(edited(
        "We keep backup copies of account data until January 1, 2025.",
        "We keep backup copies of account data until January 1, 2035."));
    assertThat(deadline.severity().atLeast(Severity.MEDIUM)).isTrue();
    assertThat(deadline.categories()).contains("data-retention");
    assertThat(deadline.reasons()).anyMatch(r -> r.startsWith("medium: retention deadline later (2025-01-01 -> 2035-01-01)"));

    Classification french = classifier.classify(edited(
        "Infos prospects : conservées 3 ans à compter du dernier contact émanant du client.",
        "Infos prospects : conservées 5 ans à compter du dernier contact émanant du client."));
    assertThat(french.reasons()).anyMatch(r -> r.startsWith("medium: retention period longer (3 ans -> 5 ans)"));

    Classification korean = classifier.classify(edited(
        "업로드된 동영상은 그 삭제일로부터 30일까지 당사 시스템에 보유됩니다.",
        "업로드된 동영상은 그 삭제일로부터 90일까지 당사 시스템에 보유됩니다."));
    assertThat(korean.severity().atLeast(Severity.MEDIUM)).isTrue();
    assertThat(korean.reasons()).anyMatch(r -> r.contains("retention period longer (30일 -> 90일)"));

    Classification shorter = classifier.classify(edited("Wir speichern Logdaten 90 Tage lang.",
        "Wir speichern Logdaten 30 Tage lang."));
    assertThat(shorter.reasons()).anyMatch(r -> r.startsWith("low: retention period shorter"));
  }

  @Test
  void shouldRateAMovedEffectiveDateOfNewTermsMediumButNotTheStatedDateLine() {
    Classification moved = classifier.classify(edited("The new terms take effect on March 1, 2025.",
        "The new terms take effect on June 1, 2025."));
    assertThat(moved.categories()).contains("effective-date");
    assertThat(moved.reasons()).anyMatch(r -> r.startsWith("medium: effective date moved (2025-03-01 -> 2025-06-01)"));
    Classification stated = classifier.classify(edited("Effective date: March 1, 2025", "Effective date: June 1, 2025"));
    assertThat(stated.reasons()).noneMatch(r -> r.contains("effective date moved"));
  }

  @Test
  void shouldBundleTheRulesOfEveryListedLanguage() {
    assertThat(ClassificationRules.bundledLanguages()).containsExactly("fr", "de", "es", "it", "pt", "nl", "ko", "ja");
    assertThat(classifier.categoriesOf("Nous ne vendons pas vos données personnelles.")).contains("sale-of-data");
    assertThat(classifier.categoriesOf("Wir geben deine IP-Adresse an die zuständigen Behörden weiter."))
        .contains("third-party-sharing-collection");
    assertThat(classifier.categoriesOf("Conservamos sus datos durante 5 años.")).contains("data-retention");
    assertThat(classifier.categoriesOf("I dati personali sono conservati per 10 anni.")).contains("data-retention");
    assertThat(classifier.categoriesOf("Os seus dados pessoais são partilhados com parceiros.")).contains(
        "third-party-sharing-collection");
    assertThat(classifier.categoriesOf("Wij bewaren uw gegevens gedurende 2 jaar.")).contains("data-retention");
    assertThat(classifier.categoriesOf("당사는 귀하의 개인정보를 제3자에게 제공합니다.")).contains("third-party-sharing-collection");
    assertThat(classifier.categoriesOf("個人情報を第三者に提供することがあります。")).contains("third-party-sharing-collection");
    assertThat(classifier.classify(removed("Nous ne vendons jamais vos données personnelles.")).severity())
        .isEqualTo(Severity.HIGH);
    assertThat(classifier.classify(added("Wir verkaufen deine Daten an Werbepartner.")).severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void shouldClassifyTheRealGermanAndPortugueseChangesOfTheFixtures() throws IOException {
    Path de = Corpus.history("languages/de-telegram");
    Classification telegram = classifier.classify(new VersionDiffer().diff(
        Files.readString(de.resolve("20240218T123514Z.md")), Files.readString(de.resolve("20240924T003421Z.md"))));
    assertThat(telegram.categories()).contains("third-party-sharing-collection");
    assertThat(telegram.severity().atLeast(Severity.MEDIUM)).isTrue();

    Path pt = Corpus.history("languages/pt-custojusto");
    Classification custojusto = classifier.classify(new VersionDiffer().diff(
        Files.readString(pt.resolve("20230213T183413Z.md")), Files.readString(pt.resolve("20230727T123613Z.md"))));
    assertThat(custojusto.categories()).isNotEmpty();
  }
}
