package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins what {@link Dates} and {@link Cosmetic#canonical} gave, before their regular expressions were given cheap
 * pre-checks, on dates, stated dates, copyright lines and periods in the nine languages.
 */
class DatesTest {
  /** Input; masked; stated; dates; periods; canonical. */
  private static final String[][] PINNED = {
      {"Last updated: March 3, 2024. We keep logs until January 1, 2025.",
          "Last updated:  datetoken . We keep logs until January 1, 2025.",
          "march 3, 2024",
          "[2024-03-03, 2025-01-01]",
          "[]",
          "last updated datetoken we keep logs until january 1 2025"},
      {"## Privacy Policy\n\nEffective date: 2023-11-05\n\n© 2019-2024 Acme Inc. All rights reserved.",
          "## Privacy Policy\n\nEffective date:  datetoken \n\n© 2019- datetoken  Acme Inc. All rights reserved.",
          "2023-11-05",
          "[2023-11-05]",
          "[]",
          "privacy policy effective date datetoken 2019 datetoken acme inc all rights reserved"},
      {"Dernière mise à jour : 12 février 2024. Conservation : 3 ans.",
          "Dernière mise à jour :  datetoken . Conservation : 3 ans.",
          "12 février 2024",
          "[2024-02-12]",
          "[Period[written=3 ans, days=1095]]",
          "dernière mise à jour datetoken conservation 3 ans"},
      {"Stand: 01.03.2024 – Daten werden 6 Monate gespeichert.",
          "Stand:  datetoken  – Daten werden 6 Monate gespeichert.",
          "01.03.2024",
          "[2024-03-01]",
          "[Period[written=6 Monate, days=180]]",
          "stand datetoken daten werden 6 monate gespeichert"},
      {"Última actualización: 5 de mayo de 2023. Plazo de 30 días.",
          "Última actualización:  datetoken . Plazo de 30 días.",
          "5 de mayo de 2023",
          "[2023-05-05]",
          "[Period[written=30 días, days=30]]",
          "última actualización datetoken plazo de 30 días"},
      {"Ultimo aggiornamento: 7 giugno 2022; conserviamo i dati per 12 mesi.",
          "Ultimo aggiornamento:  datetoken ; conserviamo i dati per 12 mesi.",
          "7 giugno 2022",
          "[2022-06-07]",
          "[Period[written=12 mesi, days=360]]",
          "ultimo aggiornamento datetoken conserviamo i dati per 12 mesi"},
      {"Última atualização em 10 de março de 2021 (c) 2021 Empresa",
          "Última atualização em  datetoken  (c)  datetoken  Empresa",
          "10 de março de 2021",
          "[2021-03-10]",
          "[]",
          "última atualização em datetoken c datetoken empresa"},
      {"Laatst bijgewerkt op 4 mei 2020; bewaartermijn 2 jaar.",
          "Laatst bijgewerkt op  datetoken ; bewaartermijn 2 jaar.",
          "4 mei 2020",
          "[2020-05-04]",
          "[Period[written=2 jaar, days=730]]",
          "laatst bijgewerkt op datetoken bewaartermijn 2 jaar"},
      {"최종 수정일: 2024년 3월 1일 보관 기간 6개월",
          "최종 수정일:  datetoken  보관 기간 6개월",
          "2024년 3월 1일",
          "[2024-03-01]",
          "[Period[written=2024년, days=738760], Period[written=1일, days=1], Period[written=6개월, days=180]]",
          "최종 수정일 datetoken 보관 기간 6개월"},
      {"施行日：2023年4月1日。保存期間は5年間です。",
          "施行日： datetoken 。保存期間は5年間です。",
          "2023年4月1日",
          "[2023-04-01]",
          "[Period[written=2023年, days=738395]]",
          "施行日 datetoken 保存期間は5年間です"},
      {"Version date 3/4/21 and copyright 2020 Foo; standard terms since 1999.",
          "Version date  datetoken  and copyright  datetoken  Foo; standard terms since 1999.",
          "3/4/21",
          "[2021-04-03]",
          "[]",
          "version date datetoken and copyright datetoken foo standard terms since 1999"},
      {"We store data for ninety days, twenty-four months or one year. Nothing else.",
          "We store data for ninety days, twenty-four months or one year. Nothing else.",
          "-",
          "[]",
          "[Period[written=ninety days, days=90], Period[written=twenty-four months, days=720], "
              + "Period[written=one year, days=365]]",
          "we store data for ninety days twenty four months or one year nothing else"},
      {"No digits here at all, last updated never.",
          "No digits here at all, last updated never.",
          "-",
          "[]",
          "[]",
          "no digits here at all last updated never"}
  };

  @Test
  void shouldMaskStatedDatesAndReadDatesAndPeriodsAsBeforeInEveryLanguage() {
    for (String[] row : PINNED) {
      String text = row[0];
      assertThat(Dates.maskStated(text, " datetoken ")).as(text).isEqualTo(row[1]);
      assertThat(Dates.stated(text).orElse("-")).as(text).isEqualTo(row[2]);
      assertThat(Dates.dates(text).toString()).as(text).isEqualTo(row[3]);
      assertThat(Dates.periods(text).toString()).as(text).isEqualTo(row[4]);
      assertThat(Cosmetic.canonical(text)).as(text).isEqualTo(row[5]);
    }
  }
}
