package dev.policymonitor.fetcher.wayback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/** Wayback meters: requests by endpoint and outcome, pauses after 429/refusals, tokens left in each budget. */
public final class WaybackMetrics implements MeterBinder {
  private final MeterRegistry registry;
  private final Counter pauses;
  private WaybackBudget budget;

  public WaybackMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pauses = Counter.builder("policy.wayback.pauses")
        .description("Times every Wayback request was paused after a 429 or a refused connection").register(registry);
  }

  /** Binds the budget gauges; called by the budget itself. */
  void budget(WaybackBudget b) {
    this.budget = b;
    bindTo(registry);
  }

  @Override
  public void bindTo(MeterRegistry r) {
    if (budget == null) {
      return;
    }
    for (WaybackBudget.Endpoint e : WaybackBudget.Endpoint.values()) {
      ToDoubleFunction<WaybackBudget> f = b -> b.available(e);
      Gauge.builder("policy.wayback.budget.available", budget, f)
          .description("Tokens left in the process-wide Wayback budget").tag("endpoint", e.tag()).register(r);
    }
  }

  public void request(WaybackBudget.Endpoint endpoint, String outcome) {
    Counter.builder("policy.wayback.requests").description("Wayback requests by endpoint and outcome")
        .tag("endpoint", endpoint.tag()).tag("outcome", outcome).register(registry).increment();
  }

  /** One first-sight backfill of a document ended: {@code completed}, {@code with-errors} or {@code failed}. */
  public void backfill(String outcome) {
    Counter.builder("policy.wayback.backfills")
        .description("Wayback backfills of documents seen for the first time, by outcome")
        .tag("trigger", "first-sight").tag("outcome", outcome).register(registry).increment();
  }

  public void paused() {
    pauses.increment();
  }
}
