package dev.policymonitor.streams.diff;

import static org.assertj.core.api.Assertions.assertThat;

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
}
