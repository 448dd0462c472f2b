package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.SnapshotSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FetcherMetricsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void shouldRegisterNothingUntilBoundThenTheDashboardsMeterNamesAndTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FetcherMetrics metrics = new FetcherMetrics(clock);
    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> metrics.bytes(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bindTo");

    metrics.bindTo(registry);
    PolicyKey key = new PolicyKey("acme", "privacy-policy");
    metrics.tracking(key);
    metrics.check(key, FetcherMetrics.FETCHED, Duration.ofMillis(30));
    metrics.error(key, "blocked");
    metrics.bytes(100);
    metrics.published(SnapshotSource.LIVE);

    assertThat(registry.get("policy.documents.tracked").gauge().value()).isZero();
    assertThat(registry.get("policy.fetch.checks").tags("vendor", "acme", "outcome", "fetched").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("policy.fetch.duration").tag("outcome", "fetched").timer().count()).isEqualTo(1);
    assertThat(registry.get("policy.fetch.errors").tags("vendor", "acme", "kind", "blocked").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("policy.fetch.bytes").summary().totalAmount()).isEqualTo(100);
    assertThat(registry.get("policy.snapshots.published").tag("source", "live").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldReportEachVendorsFreshnessFromTheInjectedClock() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FetcherMetrics metrics = new FetcherMetrics(clock);
    metrics.bindTo(registry);
    PolicyKey acme = new PolicyKey("acme", "privacy-policy");
    PolicyKey other = new PolicyKey("other", "terms");
    metrics.tracking(acme);
    metrics.tracking(other);

    now.set(now.get().plusSeconds(90));
    metrics.check(other, FetcherMetrics.FETCHED, Duration.ZERO);
    now.set(now.get().plusSeconds(10));

    assertThat(registry.get("policy.vendor.freshness").tag("vendor", "acme").gauge().value()).isEqualTo(100);
    assertThat(registry.get("policy.vendor.freshness").tag("vendor", "other").gauge().value()).isEqualTo(10);
    metrics.untracked(acme);
    assertThat(registry.get("policy.vendor.freshness").tag("vendor", "acme").gauge().value()).isZero();
  }
}
