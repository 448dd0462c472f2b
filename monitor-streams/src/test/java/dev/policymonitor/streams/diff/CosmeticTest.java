package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosmeticTest {

  @Test
  void shouldTreatCasePunctuationWhitespaceQueryStringsAndDatesAsCosmetic() {
    String before = "Last updated: January 5, 2024\n\nWe collect your **email** address. See [cookies](https://x.com/c?utm_source=a).";
    String after = "Last Updated: March 1, 2025\n\nWe collect your email   address; see [Cookies](https://x.com/c?utm_source=b&v=2)";

    assertThat(Cosmetic.equivalent(before, after)).isTrue();
  }

  @Test
  void shouldNotTreatAChangedWordOrNumberAsCosmetic() {
    assertThat(Cosmetic.equivalent("Children under 13.", "Children under 16.")).isFalse();
    assertThat(Cosmetic.equivalent("We do not sell data.", "We do sell data.")).isFalse();
    assertThat(Cosmetic.equivalent("See https://x.com/a.", "See https://x.com/b.")).isFalse();
  }

  @Test
  void shouldFindThePolicysOwnDate() {
    assertThat(Dates.stated("# Privacy\n\nLast updated: March 3, 2024\n\nText.")).hasValue("march 3, 2024");
    assertThat(Dates.stated("This policy is effective as of 1 May 2018.")).hasValue("1 may 2018");
    assertThat(Dates.stated("**Effective Date:** 2023-07-01")).hasValue("2023-07-01");
    assertThat(Dates.stated("We founded the company on March 3, 2024.")).isEmpty();
  }

  @Test
  void shouldNotTreatAChangedRetentionDeadlineAsCosmetic() {
    String before = "Last updated: March 3, 2024\n\nWe keep backup copies of account data until January 1, 2025.";
    assertThat(Cosmetic.equivalent(before, before.replace("2025", "2035"))).isFalse();
    assertThat(Cosmetic.equivalent(before, before.replace("March 3, 2024", "April 9, 2025"))).isTrue();
    assertThat(Cosmetic.equivalent("Nous conservons vos données jusqu'au 1er janvier 2025.",
        "Nous conservons vos données jusqu'au 1er janvier 2035.")).isFalse();
  }

  @Test
  void shouldTreatOnlyTheStatedDateLineAsCosmeticInEveryLanguage() {
    Map<String, String[]> stated = Map.of(
        "fr", new String[] {"Dernière mise à jour le 26 janvier 2022", "Dernière mise à jour le 30 novembre 2023"},
        "de", new String[] {"Stand: 1. März 2023", "Stand: 15. Juli 2024"},
        "es", new String[] {"Fecha efectiva 15.04.2020", "Fecha efectiva 01.02.2023"},
        "it", new String[] {"**Ultimo aggiornamento: 7 Febbraio 2022**", "**Ultimo aggiornamento: 9 Marzo 2023**"},
        "pt", new String[] {"Última atualização: 3 de março de 2023", "Última atualização: 1 de janeiro de 2024"},
        "nl", new String[] {"Laatst bijgewerkt op 1 februari 2023", "Laatst bijgewerkt op 9 mei 2024"},
        "ko", new String[] {"최종 수정일: 2023년 3월 1일", "최종 수정일: 2024년 7월 15일"},
        "ja", new String[] {"最終改定日：2023年3月1日", "最終改定日：2024年7月15日"},
        "en", new String[] {"_Last Update: December 9th, 2024_", "_Last Update: February 4th, 2025_"});
    stated.forEach((language, pair) -> {
      String body = "\n\nText of the policy, 30 days.";
      assertThat(Cosmetic.equivalent(pair[0] + body, pair[1] + body)).as(language).isTrue();
      assertThat(Cosmetic.equivalent(pair[0] + body, pair[1] + body.replace("30", "90"))).as(language).isFalse();
      assertThat(Dates.stated(pair[0] + body)).as(language).isPresent();
    });
  }

  @Test
  void shouldFindTheStatedDateOfTheRealNonEnglishFixtures() throws IOException {
    assertThat(Dates.stated(fixture("languages/fr-cityscoot/20231130T123412Z.md"))).hasValue("30 novembre 2023");
    assertThat(Dates.stated(fixture("languages/es-autoscout24/20230228T123257Z.md"))).hasValue("15.04.2020");
    assertThat(Dates.stated(fixture("languages/it-sailsquare/20220822T164613Z.md"))).hasValue("7 febbraio 2022");
  }

  @Test
  void shouldReadDatesAndDurationsInEveryLanguage() {
    assertThat(Dates.dates("until January 1, 2025 / jusqu'au 1er janvier 2035 / bis 1. März 2030"))
        .containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2035, 1, 1), LocalDate.of(2030, 3, 1));
    assertThat(Dates.dates("2024년 3월 1일부터 / 2024年3月1日から / 15 de abril de 2020 / 1 januari 2025"))
        .containsExactly(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), LocalDate.of(2020, 4, 15),
            LocalDate.of(2025, 1, 1));
    assertThat(Dates.durationsInDays("30 days, 3 ans, 6 Monate, 2 años, 5 anni, 13 mois, 3년, 3年間, 2 jaar"))
        .containsExactly(30L, 3 * 365L, 180L, 2 * 365L, 5 * 365L, 390L, 3 * 365L, 3 * 365L, 2 * 365L);
    assertThat(Dates.durationsInDays("for three years")).containsExactly(3 * 365L);
  }

  private static String fixture(String path) throws IOException {
    return Files.readString(Corpus.history(path));
  }
}
