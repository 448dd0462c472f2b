package dev.policymonitor.fetcher;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.SnapshotSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The live fetcher's meters: checks by outcome, errors by kind, latency, bytes, snapshots by source, documents
 * tracked and per-vendor freshness. Tags are bounded: vendor id, outcome, kind, source; never URLs.
 */
public final class FetcherMetrics implements MeterBinder {
  /** Outcomes of a check, the {@code outcome} tag of {@code policy.fetch.checks}. */
  public static final String FETCHED = "fetched";
  public static final String NOT_MODIFIED = "not-modified";
  public static final String UNCHANGED = "unchanged";
  public static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<PolicyKey, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, Boolean> vendorsWithGauge = new ConcurrentHashMap<>();
  private volatile IntSupplier tracked = () -> 0;

  public FetcherMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    bindTo(registry);
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("policy.documents.tracked", this, m -> m.tracked.getAsInt())
        .description("Documents this fetcher instance polls (its share of policy-targets)").register(r);
  }

  public void trackedBy(IntSupplier supplier) {
    this.tracked = supplier;
  }

  /** A document starts being polled: its freshness counts from now until a first successful check. */
  public void tracking(PolicyKey key) {
    lastSuccess.putIfAbsent(key, clock.instant());
    vendorsWithGauge.computeIfAbsent(key.vendor(), v -> {
      Gauge.builder("policy.vendor.freshness", this, m -> m.freshnessSeconds(v))
          .description("Seconds since the last successful check of the vendor's least recently checked document")
          .tag("vendor", v).baseUnit("seconds").register(registry);
      return true;
    });
  }

  public void untracked(PolicyKey key) {
    lastSuccess.remove(key);
  }

  public void check(PolicyKey key, String outcome, Duration took) {
    Counter.builder("policy.fetch.checks").description("Checks of live documents by outcome")
        .tag("vendor", key.vendor()).tag("outcome", outcome).register(registry).increment();
    Timer.builder("policy.fetch.duration").description("Time of one check, retries included")
        .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(took);
    if (!FAILED.equals(outcome)) {
      lastSuccess.put(key, clock.instant());
    }
  }

  public void error(PolicyKey key, String kind) {
    Counter.builder("policy.fetch.errors").description("Failed checks by error kind")
        .tag("vendor", key.vendor()).tag("kind", kind).register(registry).increment();
  }

  public void bytes(long n) {
    DistributionSummary.builder("policy.fetch.bytes").description("Decoded body size of fetched documents")
        .baseUnit("bytes").register(registry).record(n);
  }

  public void published(SnapshotSource source) {
    Counter.builder("policy.snapshots.published").description("Snapshots published to policy-snapshots")
        .tag("source", source.wire()).register(registry).increment();
  }

  double freshnessSeconds(String vendor) {
    Instant now = clock.instant();
    return lastSuccess.entrySet().stream().filter(e -> e.getKey().vendor().equals(vendor))
        .mapToDouble(e -> Duration.between(e.getValue(), now).toMillis() / 1000.0).max().orElse(0);
  }
}
