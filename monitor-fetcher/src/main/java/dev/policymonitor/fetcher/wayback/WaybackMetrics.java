package dev.policymonitor.fetcher.wayback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Wayback meters: requests by endpoint and outcome, pauses after 429/refusals, first-sight backfills by outcome,
 * tokens left in each budget. The meters are created in {@link #bindTo}; bind before the Wayback client records
 * anything. The budget gauges read the process's {@link WaybackBudget} once it exists (NaN before).
 */
public final class WaybackMetrics implements MeterBinder {
  private volatile WaybackBudget budget;
  private volatile Meters meters;

  /** The meters of one registry, created together in {@link #bindTo}. */
  private record Meters(Counter pauses, Meter.MeterProvider<Counter> requests,
      Meter.MeterProvider<Counter> backfills) {}

  /** Binds the budget gauges to {@code b}; called by the budget itself. */
  void budget(WaybackBudget b) {
    this.budget = b;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    for (WaybackBudget.Endpoint e : WaybackBudget.Endpoint.values()) {
      Gauge.builder("policy.wayback.budget.available", this, m -> m.available(e))
          .description("Tokens left in the process-wide Wayback budget").tag("endpoint", e.tag()).register(r);
    }
    meters = new Meters(
        Counter.builder("policy.wayback.pauses")
            .description("Times every Wayback request was paused after a 429 or a refused connection").register(r),
        Counter.builder("policy.wayback.requests").description("Wayback requests by endpoint and outcome")
            .withRegistry(r),
        Counter.builder("policy.wayback.backfills")
            .description("Wayback backfills of documents seen for the first time, by outcome").withRegistry(r));
  }

  public void request(WaybackBudget.Endpoint endpoint, String outcome) {
    meters().requests().withTags("endpoint", endpoint.tag(), "outcome", outcome).increment();
  }

  /** One first-sight backfill of a document ended: {@code completed}, {@code with-errors} or {@code failed}. */
  public void backfill(String outcome) {
    meters().backfills().withTags("trigger", "first-sight", "outcome", outcome).increment();
  }

  public void paused() {
    meters().pauses().increment();
  }

  private double available(WaybackBudget.Endpoint e) {
    WaybackBudget b = budget;
    return b == null ? Double.NaN : b.available(e);
  }

  private Meters meters() {
    Meters m = meters;
    if (m == null) {
      throw new IllegalStateException("WaybackMetrics records into a registry: bindTo(registry) first");
    }
    return m;
  }
}
