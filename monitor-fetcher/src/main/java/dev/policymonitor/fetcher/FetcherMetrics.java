package dev.policymonitor.fetcher;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.SnapshotSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The live fetcher's meters: checks by outcome, errors by kind, latency, bytes, snapshots by source, documents
 * tracked, per-vendor freshness (a document never checked successfully counts from when it was tracked) and
 * targets rejected. Tags are bounded: vendor id, outcome, kind, source; never URLs. The meters
 * are created in {@link #bindTo}; bind before the fetcher records anything.
 */
public final class FetcherMetrics implements MeterBinder {
  /** Outcomes of a check, the {@code outcome} tag of {@code policy.fetch.checks}. */
  public static final String FETCHED = "fetched";
  public static final String NOT_MODIFIED = "not-modified";
  public static final String UNCHANGED = "unchanged";
  public static final String FAILED = "failed";

  private final Clock clock;
  private final Map<PolicyKey, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Set<String> vendors = ConcurrentHashMap.newKeySet();
  private volatile IntSupplier tracked = () -> 0;
  private volatile Meters meters;

  /** The meters of one registry, created together in {@link #bindTo}. */
  private record Meters(Meter.MeterProvider<Counter> checks, Meter.MeterProvider<Timer> duration,
      Meter.MeterProvider<Counter> errors, DistributionSummary bytes, Meter.MeterProvider<Counter> published,
      MultiGauge freshness, Counter rejected) {}

  /** @param clock the clock freshness is measured with */
  public FetcherMetrics(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("policy.documents.tracked", this, m -> m.tracked.getAsInt())
        .description("Documents this fetcher instance polls (its share of policy-targets)").register(r);
    meters = new Meters(
        Counter.builder("policy.fetch.checks").description("Checks of live documents by outcome").withRegistry(r),
        Timer.builder("policy.fetch.duration").description("Time of one check, retries included")
            .publishPercentileHistogram().withRegistry(r),
        Counter.builder("policy.fetch.errors").description("Failed checks by error kind").withRegistry(r),
        DistributionSummary.builder("policy.fetch.bytes").description("Decoded body size of fetched documents")
            .baseUnit("bytes").register(r),
        Counter.builder("policy.snapshots.published").description("Snapshots published to policy-snapshots")
            .withRegistry(r),
        MultiGauge.builder("policy.vendor.freshness")
            .description("Seconds since the last successful check of the vendor's least recently checked document")
            .baseUnit("seconds").register(r),
        Counter.builder("policy.targets.rejected")
            .description("Records of policy-targets this fetcher could not poll (unreadable, or a bad value)")
            .register(r));
    registerFreshness();
  }

  public void trackedBy(IntSupplier supplier) {
    this.tracked = supplier;
  }

  /** A document starts being polled: its freshness counts from now until a first successful check. */
  public void tracking(PolicyKey key) {
    lastSuccess.putIfAbsent(key, clock.instant());
    if (vendors.add(key.vendor())) {
      registerFreshness();
    }
  }

  public void untracked(PolicyKey key) {
    lastSuccess.remove(key);
  }

  public void check(PolicyKey key, String outcome, Duration took) {
    Meters m = meters();
    m.checks().withTags("vendor", key.vendor(), "outcome", outcome).increment();
    m.duration().withTag("outcome", outcome).record(took);
    if (!FAILED.equals(outcome)) {
      lastSuccess.put(key, clock.instant());
    }
  }

  public void error(PolicyKey key, String kind) {
    meters().errors().withTags("vendor", key.vendor(), "kind", kind).increment();
  }

  /** A record of policy-targets that could not be polled. */
  public void rejected() {
    meters().rejected().increment();
  }

  public void bytes(long n) {
    meters().bytes().record(n);
  }

  public void published(SnapshotSource source) {
    meters().published().withTag("source", source.wire()).increment();
  }

  double freshnessSeconds(String vendor) {
    Instant now = clock.instant();
    return lastSuccess.entrySet().stream().filter(e -> e.getKey().vendor().equals(vendor))
        .mapToDouble(e -> Duration.between(e.getValue(), now).toMillis() / 1000.0).max().orElse(0);
  }

  /** One freshness row per vendor ever tracked here (a vendor no longer tracked reads 0). */
  private synchronized void registerFreshness() {
    Meters m = meters;
    if (m == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = vendors.stream().sorted()
        .<MultiGauge.Row<?>>map(v -> MultiGauge.Row.of(Tags.of("vendor", v), () -> freshnessSeconds(v)))
        .toList();
    m.freshness().register(rows, true);
  }

  private Meters meters() {
    Meters m = meters;
    if (m == null) {
      throw new IllegalStateException("FetcherMetrics records into a registry: bindTo(registry) first");
    }
    return m;
  }
}
