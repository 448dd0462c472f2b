package dev.policymonitor.fetcher;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.SnapshotSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
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
  /** Each vendor's documents and their last successful check: a vendor's freshness reads its own documents only. */
  private final Map<String, Map<PolicyKey, Instant>> lastSuccess = new ConcurrentHashMap<>();
  private final Set<String> vendors = ConcurrentHashMap.newKeySet();
  private volatile IntSupplier tracked = () -> 0;
  private volatile Meters meters;

  /** The meters of one registry, created together in {@link #bindTo}. */
  private record Meters(Meter.MeterProvider<Counter> checks, Meter.MeterProvider<Timer> duration,
      Meter.MeterProvider<Counter> errors, DistributionSummary bytes, Meter.MeterProvider<Counter> published,
      Consumer<String> freshness, Counter rejected) {}

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
        vendor -> Gauge.builder("policy.vendor.freshness", this, m -> m.freshnessSeconds(vendor))
            .description("Seconds since the last successful check of the vendor's least recently checked document")
            .tag("vendor", vendor).baseUnit("seconds").strongReference(true).register(r),
        Counter.builder("policy.targets.rejected")
            .description("Records of policy-targets this fetcher could not poll (unreadable, or a bad value)")
            .register(r));
    vendors.forEach(meters.freshness());
  }

  public void trackedBy(IntSupplier supplier) {
    this.tracked = supplier;
  }

  /** A document starts being polled: its freshness counts from now until a first successful check. */
  public void tracking(PolicyKey key) {
    documentsOf(key.vendor()).putIfAbsent(key, clock.instant());
    if (vendors.add(key.vendor())) {
      Meters m = meters;
      if (m != null) {
        m.freshness().accept(key.vendor());
      }
    }
  }

  public void untracked(PolicyKey key) {
    documentsOf(key.vendor()).remove(key);
  }

  public void check(PolicyKey key, String outcome, Duration took) {
    Meters m = meters();
    m.checks().withTags("vendor", key.vendor(), "outcome", outcome).increment();
    m.duration().withTag("outcome", outcome).record(took);
    if (!FAILED.equals(outcome)) {
      documentsOf(key.vendor()).put(key, clock.instant());
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
    return documentsOf(vendor).values().stream()
        .mapToDouble(at -> Duration.between(at, now).toMillis() / 1000.0).max().orElse(0);
  }

  /**
   * One vendor's documents. A gauge per vendor ever tracked here, registered once (a vendor no longer tracked
   * reads 0): a scrape and a newly tracked vendor cost in proportion to one vendor's documents, not to all.
   */
  private Map<PolicyKey, Instant> documentsOf(String vendor) {
    return lastSuccess.computeIfAbsent(vendor, v -> new ConcurrentHashMap<>());
  }

  private Meters meters() {
    Meters m = meters;
    if (m == null) {
      throw new IllegalStateException("FetcherMetrics records into a registry: bindTo(registry) first");
    }
    return m;
  }
}
