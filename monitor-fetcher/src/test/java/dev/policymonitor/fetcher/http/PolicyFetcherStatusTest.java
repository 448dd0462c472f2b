package dev.policymonitor.fetcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** How one attempt reads an error status and its Retry-After, by the monitor's one HTTP status policy. */
class PolicyFetcherStatusTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final PolicyFetcher fetcher = new PolicyFetcher(new OkHttpClient(), "test", 1 << 20,
      Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));

  private FetchResult.Failed fetchAnswering(MockResponse answer) {
    server.enqueue(answer);
    Target target = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", server.url("/p").toString()),
        Duration.ofHours(1));
    return (FetchResult.Failed) fetcher.fetch(target, null);
  }

  @Test
  void shouldReadRetryAfterGivenAsAnHttpDate() {
    FetchResult.Failed f = fetchAnswering(new MockResponse.Builder().code(429)
        .setHeader("Retry-After", "Mon, 23 Nov 2026 09:02:00 GMT").build());

    assertThat(f.retryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(f.error().kind()).isEqualTo(FetchErrorKind.BLOCKED);
    assertThat(f.error().mayBeTransient()).isTrue();
  }

  @Test
  void shouldCapAnAbsurdRetryAfterAtADay() {
    FetchResult.Failed f = fetchAnswering(new MockResponse.Builder().code(503)
        .setHeader("Retry-After", "31536000").build());

    assertThat(f.retryAfter()).isEqualTo(Duration.ofDays(1));
    assertThat(f.error().kind()).isEqualTo(FetchErrorKind.HTTP_5XX);
  }

  @Test
  void shouldIgnoreAnUnreadableRetryAfter() {
    assertThat(fetchAnswering(new MockResponse.Builder().code(429).setHeader("Retry-After", "soon").build())
        .retryAfter()).isNull();
  }

  @Test
  void shouldTellTransientFromPermanentStatuses() {
    assertThat(fetchAnswering(new MockResponse.Builder().code(502).build()).error().mayBeTransient()).isTrue();
    assertThat(fetchAnswering(new MockResponse.Builder().code(404).build()).error().mayBeTransient()).isFalse();
    assertThat(fetchAnswering(new MockResponse.Builder().code(403).build()).error().mayBeTransient()).isFalse();
  }
}
