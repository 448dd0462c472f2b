package dev.policymonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.runtime.HttpStatusPolicy.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HttpStatusPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  private final HttpStatusPolicy policy = new HttpStatusPolicy(Duration.ofMinutes(10));

  @ParameterizedTest
  @CsvSource({"200, SUCCESS", "204, SUCCESS", "429, RATE_LIMITED", "408, TRANSIENT", "500, TRANSIENT",
      "502, TRANSIENT", "503, TRANSIENT", "504, TRANSIENT", "400, PERMANENT", "401, PERMANENT", "403, PERMANENT",
      "404, PERMANENT", "406, PERMANENT", "410, PERMANENT", "422, PERMANENT", "301, PERMANENT", "304, PERMANENT",
      "100, PERMANENT", "600, PERMANENT"})
  void shouldClassifyAStatusByWhetherAnotherAttemptCanHelp(int status, Kind kind) {
    assertThat(policy.decide(status, null, NOW).kind()).isEqualTo(kind);
    assertThat(HttpStatusPolicy.classify(status)).isEqualTo(kind);
  }

  @Test
  void shouldRetryOnlyTransientAndRateLimitedAnswers() {
    assertThat(policy.decide(503, null, NOW).retryable()).isTrue();
    assertThat(policy.decide(429, null, NOW).retryable()).isTrue();
    assertThat(policy.decide(404, null, NOW).retryable()).isFalse();
    assertThat(policy.decide(200, null, NOW).retryable()).isFalse();
  }

  @Test
  void shouldTreatA503ThatSaysWhenToComeBackAsRateLimited() {
    HttpStatusPolicy.Decision d = policy.decide(503, "120", NOW);

    assertThat(d.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(d.retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void shouldReadRetryAfterAsAnHttpDate() {
    assertThat(policy.decide(429, "Mon, 23 Nov 2026 09:01:30 GMT", NOW).retryAfter())
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void shouldCapALongRetryAfterAtTheMaximum() {
    assertThat(policy.decide(429, "86400", NOW).retryAfter()).contains(Duration.ofMinutes(10));
    assertThat(policy.decide(429, "99999999999999999999", NOW).retryAfter()).contains(Duration.ofMinutes(10));
  }

  @Test
  void shouldKeepRetryAfterOfAPermanentAnswerForTheCallersSchedule() {
    HttpStatusPolicy.Decision d = policy.decide(403, "3600", NOW);

    assertThat(d.retryable()).isFalse();
    assertThat(d.retryAfter()).contains(Duration.ofMinutes(10));
  }

  @Test
  void shouldGiveNoRetryAfterWhenTheHeaderIsGarbageOrThereIsNone() {
    assertThat(policy.decide(429, "later please", NOW).retryAfter()).isEmpty();
    assertThat(policy.decide(429, null, NOW).retryAfter()).isEmpty();
    assertThat(policy.decide(503, "later please", NOW).kind()).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void shouldIgnoreRetryAfterOnASuccess() {
    assertThat(policy.decide(200, "30", NOW).retryAfter()).isEmpty();
  }
}
