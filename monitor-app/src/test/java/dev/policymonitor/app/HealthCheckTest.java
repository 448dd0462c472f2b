package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Readiness and liveness from the broker and the parts' health: which answer, which status code. */
class HealthCheckTest {
  private final AtomicBoolean broker = new AtomicBoolean(true);
  private final AtomicReference<Health> targets = new AtomicReference<>(Health.up());
  private final AtomicReference<Health> email = new AtomicReference<>(Health.up());
  private final HealthCheck health = new HealthCheck(broker::get, () -> List.of(
      HealthIndicator.of("fetcher.targets", targets::get), HealthIndicator.of("alerts.channel.email", email::get)));

  @Test
  void shouldBeReadyAndLiveWhenEveryPartIsUp() {
    assertThat(health.ready()).isEqualTo(new HealthCheck.Report(200, java.util.Map.of("status", "UP",
        "broker", "UP", "fetcher.targets", "UP", "alerts.channel.email", "UP")));
    assertThat(health.live().httpStatus()).isEqualTo(200);
  }

  @Test
  void shouldStayReadyWithAFailingChannelButSayItIsDegraded() {
    email.set(Health.degraded("SMTP refused the connection"));

    assertThat(health.ready().httpStatus()).isEqualTo(200);
    assertThat(health.ready().body()).containsEntry("status", "DEGRADED")
        .containsEntry("alerts.channel.email", "DEGRADED: SMTP refused the connection");
    assertThat(health.live().httpStatus()).isEqualTo(200);
  }

  @Test
  void shouldNotBeReadyWhileAPartStartsNorWhileTheBrokerIsAwayButStayLive() {
    targets.set(Health.starting("starting"));
    assertThat(health.ready().httpStatus()).isEqualTo(503);
    assertThat(health.ready().status()).isEqualTo("STARTING");
    assertThat(health.live().httpStatus()).isEqualTo(200);

    targets.set(Health.up());
    broker.set(false);
    assertThat(health.ready().httpStatus()).isEqualTo(503);
    assertThat(health.ready().body()).containsEntry("broker", "DOWN").containsEntry("status", "DOWN");
    assertThat(health.live().httpStatus()).as("a broker outage is no reason to restart the process").isEqualTo(200);
  }

  @Test
  void shouldBeNeitherReadyNorLiveWhenALoopIsDown() {
    targets.set(Health.down("stopped after 5 restart(s) and FencedInstanceIdException"));

    assertThat(health.ready().httpStatus()).isEqualTo(503);
    assertThat(health.live().httpStatus()).isEqualTo(503);
    assertThat(health.live().body()).containsEntry("status", "DOWN")
        .containsEntry("fetcher.targets", "DOWN: stopped after 5 restart(s) and FencedInstanceIdException");
  }
}
