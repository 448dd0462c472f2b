package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetcherConfigTest {
  private static FetcherConfig from(Map<String, String> env) {
    return FetcherConfig.from(Settings.of(FetcherConfig.KEYS, env));
  }

  @Test
  void shouldReadContactAndHostIntervalFromTheEnvironment() {
    FetcherConfig c = from(Map.of(FetcherConfig.CONTACT_URL.name(), "https://example.org/ops",
        FetcherConfig.HOST_INTERVAL.name(), "PT5S"));
    assertThat(c.userAgent()).isEqualTo("policy-monitor/0.1 (+https://example.org/ops)");
    assertThat(c.hostPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(from(Map.of())).isEqualTo(FetcherConfig.defaults());
    assertThat(from(Map.of()).hostPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(from(Map.of()).maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void shouldRejectABadHostIntervalClearly() {
    assertThatThrownBy(() -> from(Map.of(FetcherConfig.HOST_INTERVAL.name(), "2 seconds")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("PT2S")
        .hasMessageContaining(FetcherConfig.HOST_INTERVAL.name());
    assertThatThrownBy(() -> from(Map.of(FetcherConfig.CONTACT_URL.name(), "ops team")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(FetcherConfig.CONTACT_URL.name());
  }

  @Test
  void shouldLeaveFirstSightBackfillOffUnlessTheEnvironmentTurnsItOn() {
    FetcherConfig off = from(Map.of());
    assertThat(off.backfillOnFirstSight()).isFalse();
    assertThat(off.waybackUrl()).isEqualTo("https://web.archive.org");
    FetcherConfig on = from(Map.of(FetcherConfig.BACKFILL_ON_FIRST_SIGHT.name(), "TRUE",
        FetcherConfig.WAYBACK_URL.name(), "http://127.0.0.1:8089"));
    assertThat(on.backfillOnFirstSight()).isTrue();
    assertThat(on.waybackUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThat(on.toBuilder().hostRate(2, Duration.ofSeconds(1)).build().backfillOnFirstSight()).isTrue();
  }

  @Test
  void shouldRejectABadFirstSightSwitchOrWaybackUrlClearly() {
    assertThatThrownBy(() -> from(Map.of(FetcherConfig.BACKFILL_ON_FIRST_SIGHT.name(), "yes")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(FetcherConfig.BACKFILL_ON_FIRST_SIGHT.name());
    assertThatThrownBy(() -> from(Map.of(FetcherConfig.WAYBACK_URL.name(), "web.archive.org")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(FetcherConfig.WAYBACK_URL.name());
  }

  @Test
  void shouldChangeOnlyWhatTheBuilderIsToldToChange() {
    FetcherConfig base = FetcherConfig.defaults();
    FetcherConfig changed = base.toBuilder().maxBodyBytes(1000).retries(2, Duration.ofMillis(10),
        Duration.ofMillis(20)).build();
    assertThat(changed.maxBodyBytes()).isEqualTo(1000);
    assertThat(changed.maxAttempts()).isEqualTo(2);
    assertThat(changed.toBuilder().maxBodyBytes(base.maxBodyBytes())
        .retries(base.maxAttempts(), base.backoffBase(), base.backoffMax()).build()).isEqualTo(base);
  }
}
