package dev.policymonitor.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** policy.component.up and .degraded follow what each part of the service says, one row per part. */
class HealthMetricsTest {
  private final AtomicReference<Health> consumer = new AtomicReference<>(Health.starting("joining"));
  private final AtomicReference<Health> email = new AtomicReference<>(Health.up());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void shouldSayWhichPartsAreUpAndWhichAreDegraded() {
    new HealthMetrics(List.of(HealthIndicator.of("alerts.consumer", consumer::get),
        HealthIndicator.of("alerts.channel.email", email::get))).bindTo(registry);

    assertThat(up("alerts.consumer")).as("starting").isZero();
    assertThat(up("alerts.channel.email")).isEqualTo(1);

    consumer.set(Health.up());
    email.set(Health.degraded("SMTP refused the connection"));
    assertThat(up("alerts.consumer")).isEqualTo(1);
    assertThat(up("alerts.channel.email")).as("degraded still works in part").isEqualTo(1);
    assertThat(degraded("alerts.channel.email")).isEqualTo(1);
    assertThat(degraded("alerts.consumer")).isZero();

    consumer.set(Health.down("stalled"));
    assertThat(up("alerts.consumer")).isZero();
  }

  private double up(String component) {
    return registry.get(HealthMetrics.UP).tag("component", component).gauge().value();
  }

  private double degraded(String component) {
    return registry.get(HealthMetrics.DEGRADED).tag("component", component).gauge().value();
  }
}
