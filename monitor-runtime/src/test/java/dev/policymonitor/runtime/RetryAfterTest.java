package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  /** Sunday 6 November 1994, 08:49:07 UTC: half a minute before the RFC's example date. */
  private static final Instant NOW = Instant.parse("1994-11-06T08:49:07Z");

  @Test
  void shouldReadDeltaSeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void shouldReadAnAbsurdlyLongDeltaAsTheLongestWaitRatherThanFail() {
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofSeconds(Long.MAX_VALUE));
  }

  @Test
  void shouldReadTheImfFixdate() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadTheObsoleteRfc850Date() {
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadATwoDigitYearMoreThanFiftyYearsAheadAsThePastCentury() {
    Instant now = Instant.parse("2026-11-23T09:00:00Z");
    assertThat(RetryAfter.date("Monday, 23-Nov-26 09:00:30 GMT", now)).contains(Instant.parse("2026-11-23T09:00:30Z"));
    assertThat(RetryAfter.date("Sunday, 06-Nov-94 08:49:37 GMT", now)).contains(Instant.parse("1994-11-06T08:49:37Z"));
    assertThat(RetryAfter.date("Tuesday, 06-Nov-74 08:49:37 GMT", now)).contains(Instant.parse("2074-11-06T08:49:37Z"));
  }

  @Test
  void shouldReadTheAsctimeDateWithItsSpacePaddedDay() {
    assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Thu Nov 10 08:49:37 1994", NOW)).contains(Duration.ofDays(4).plusSeconds(30));
  }

  @Test
  void shouldReadMonthAndDayNamesWhateverTheirCase() {
    assertThat(RetryAfter.parse("SUN, 06 NOV 1994 08:49:37 GMT", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldAskForNoWaitWhenTheDateHasPassed() {
    assertThat(RetryAfter.parse("Sat, 05 Nov 1994 08:49:37 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:07 GMT", NOW)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "soon", "-5", "+5", "1.5", "12 s", "0x10",
      "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
      "Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "2026-11-23T09:00:00Z",
      "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37"})
  void shouldIgnoreAValueThatIsNeitherSecondsNorAnHttpDate(String garbage) {
    assertThat(RetryAfter.parse(garbage, NOW)).as("'%s'", garbage).isEqualTo(Optional.empty());
  }

  @Test
  void shouldIgnoreAMissingHeader() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
