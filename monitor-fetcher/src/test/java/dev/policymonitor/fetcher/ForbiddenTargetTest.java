package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The fetcher under the default SSRF guard: what it refuses is a forbidden-target error, never a request. */
class ForbiddenTargetTest {
  @StartStop final MockWebServer vendor = new MockWebServer();
  @StartStop final MockWebServer internal = new MockWebServer();

  private final RecordingSink sink = new RecordingSink();

  private FetchResult check(FetcherConfig config, String url) {
    PoliteFetcher polite = new PoliteFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(),
        config.maxBodyBytes(), Clock.systemUTC()), new HostRateLimiter(1000, Duration.ofSeconds(1)), config);
    try (FetcherService service = new FetcherService(polite, sink, FetchStateStore.inMemory(),
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config, Clock.systemUTC(),
        line -> { }, FirstSightListener.NONE, new ManualScheduler())) {
      return service.check(new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", url),
          Duration.ofHours(1)));
    }
  }

  private static FetcherConfig strict() {
    return FetcherConfig.builder().retries(4, Duration.ofMillis(1), Duration.ofMillis(5)).build();
  }

  @Test
  void shouldRefuseTheIssuesLoopbackSpellingsWithoutARequest() {
    int port = vendor.getPort();
    for (String host : new String[] {"localhost", "[::ffff:127.0.0.1]", "2130706433", "0.0.0.0", "127.1"}) {
      check(strict(), "http://" + host + ":" + port + "/privacy");
    }

    assertThat(vendor.getRequestCount()).isZero();
    assertThat(sink.snapshots).isEmpty();
    assertThat(sink.errors).hasSize(5).allSatisfy(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET);
      assertThat(e.kind().wire()).isEqualTo("forbidden-target");
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.mayBeTransient()).isFalse();
      assertThat(e.status()).isZero();
    });
    // OkHttp reads [::ffff:127.0.0.1], 2130706433 and 127.1 as 127.0.0.1 itself (WHATWG URL rules): the connect
    // is refused then, on the address.
    assertThat(sink.errors).extracting(e -> e.message().replaceFirst(";.*", "")).containsExactly(
        "forbidden target: localhost is 127.0.0.1, a loopback address",
        "forbidden target: 127.0.0.1 is a loopback address",
        "forbidden target: 127.0.0.1 is a loopback address",
        "forbidden target: 0.0.0.0 is an unspecified address (0.0.0.0/8 or ::)",
        "forbidden target: 127.0.0.1 is a loopback address");
    sink.errors.forEach(e -> System.out.println(e.url() + " -> " + e.kind().wire() + ": " + e.message()));
  }

  @Test
  void shouldNotFollowAVendorPageRedirectToAnInternalOnlyPage() {
    String internalPage = "http://127.0.0.1:" + internal.getPort() + "/admin?token=s3cr3t";
    vendor.enqueue(new MockResponse.Builder().code(302).setHeader("Location", internalPage).build());
    internal.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body("<p>internal: token=s3cr3t</p>").build());
    // The vendor's own (local) site is allowed, by address and port; the internal server is not.
    FetcherConfig config = strict().toBuilder().allowTargets(TargetAllowList.parse(List.of(
        "127.0.0.1:" + vendor.getPort()))).build();

    FetchResult result = check(config, "http://127.0.0.1:" + vendor.getPort() + "/privacy");

    assertThat(result).isInstanceOf(FetchResult.Failed.class);
    assertThat(vendor.getRequestCount()).isEqualTo(1);
    assertThat(internal.getRequestCount()).as("the internal page was never requested").isZero();
    assertThat(sink.snapshots).as("nothing of it reaches a snapshot").isEmpty();
    assertThat(sink.errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.message()).startsWith("forbidden target: 127.0.0.1 is a loopback address (reached by a redirect "
          + "from http://127.0.0.1:" + vendor.getPort() + "/privacy); the fetcher reaches only public addresses; "
          + "to fetch it anyway, list it under allowTargets").doesNotContain("s3cr3t");
      System.out.println("redirect to an internal page -> " + e.kind().wire() + ": " + e.message());
    });
  }

  @Test
  void shouldFetchWhatTheSwitchOrTheAllowListLetsThrough() {
    vendor.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body("<p>Allowed by the switch.</p>").build());
    vendor.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
        .body("<p>Allowed by the list.</p>").build());

    check(strict().toBuilder().allowPrivateTargets(true).build(), vendor.url("/a").toString());
    check(strict().toBuilder().allowTargets(TargetAllowList.parse(List.of("localhost"))).build(),
        vendor.url("/b").toString());

    assertThat(sink.errors).isEmpty();
    assertThat(sink.snapshots).hasSize(2);
  }
}
