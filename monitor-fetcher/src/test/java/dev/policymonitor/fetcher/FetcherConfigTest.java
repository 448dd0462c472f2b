package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetcherConfigTest {
  @Test
  void shouldReadContactAndHostIntervalFromTheEnvironment() {
    FetcherConfig c = FetcherConfig.fromEnvironment(Map.of(FetcherConfig.CONTACT_URL_ENV, "https://example.org/ops",
        FetcherConfig.HOST_INTERVAL_ENV, "PT5S"));
    assertThat(c.userAgent()).isEqualTo("policy-monitor/0.1 (+https://example.org/ops)");
    assertThat(c.hostPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(FetcherConfig.fromEnvironment(Map.of()).hostPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(FetcherConfig.fromEnvironment(Map.of()).maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void shouldRejectABadHostIntervalClearly() {
    assertThatThrownBy(() -> FetcherConfig.fromEnvironment(Map.of(FetcherConfig.HOST_INTERVAL_ENV, "2 seconds")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("PT2S");
  }

  @Test
  void shouldLeaveFirstSightBackfillOffUnlessTheEnvironmentTurnsItOn() {
    FetcherConfig off = FetcherConfig.fromEnvironment(Map.of());
    assertThat(off.backfillOnFirstSight()).isFalse();
    assertThat(off.waybackUrl()).isEqualTo("https://web.archive.org");
    FetcherConfig on = FetcherConfig.fromEnvironment(Map.of(FetcherConfig.BACKFILL_ON_FIRST_SIGHT_ENV, "TRUE",
        FetcherConfig.WAYBACK_URL_ENV, "http://127.0.0.1:8089"));
    assertThat(on.backfillOnFirstSight()).isTrue();
    assertThat(on.waybackUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThat(on.withHostRate(2, Duration.ofSeconds(1)).backfillOnFirstSight()).isTrue();
  }

  @Test
  void shouldRejectABadFirstSightSwitchOrWaybackUrlClearly() {
    assertThatThrownBy(() -> FetcherConfig.fromEnvironment(Map.of(FetcherConfig.BACKFILL_ON_FIRST_SIGHT_ENV, "yes")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(FetcherConfig.BACKFILL_ON_FIRST_SIGHT_ENV);
    assertThatThrownBy(() -> FetcherConfig.fromEnvironment(Map.of(FetcherConfig.WAYBACK_URL_ENV, "web.archive.org")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(FetcherConfig.WAYBACK_URL_ENV);
  }
}
