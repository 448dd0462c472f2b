package dev.policymonitor.app.observability;

import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * What {@code /health} says, as meters an alert rule can watch: {@code policy.component.up} {component} is 1 while
 * the part is up or degraded and 0 while it is starting or down; {@code policy.component.degraded} {component} is
 * 1 while it works only in part (an alert channel that fails). One row per part of the services of this process
 * ({@code fetcher.targets}, {@code alerts.channel.email}, ...): bind it once they are all started.
 */
public final class HealthMetrics implements MeterBinder {
  public static final String UP = "policy.component.up";
  public static final String DEGRADED = "policy.component.degraded";

  private final List<HealthIndicator> indicators;

  public HealthMetrics(List<HealthIndicator> indicators) {
    this.indicators = List.copyOf(indicators);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (HealthIndicator i : indicators) {
      Gauge.builder(UP, i, h -> up(h.health()) ? 1 : 0)
          .description("1 while the part of the service is up or degraded, 0 while it is starting or down")
          .tag("component", i.name())
          .register(registry);
      Gauge.builder(DEGRADED, i, h -> h.health().status() == Health.Status.DEGRADED ? 1 : 0)
          .description("1 while the part of the service works only in part (an alert channel that fails)")
          .tag("component", i.name())
          .register(registry);
    }
  }

  private static boolean up(Health h) {
    return h.status() == Health.Status.UP || h.status() == Health.Status.DEGRADED;
  }
}
