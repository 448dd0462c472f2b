package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertMetrics metrics = new AlertMetrics(List.of("slack", "email"));

  @Test
  void shouldPreRegisterEveryOutcomeOfEveryChannelWithADescription() {
    metrics.bindTo(registry);

    for (String channel : List.of("slack", "email")) {
      for (String outcome : List.of("delivered", "failed", "dead-lettered", "duplicate", "filtered")) {
        assertThat(registry.get(AlertMetrics.DELIVERIES).tags("channel", channel, "outcome", outcome).counter().count())
            .isZero();
      }
    }
    assertThat(registry.getMeters()).allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith("policy.alert.");
      assertThat(m.getId().getDescription()).isNotBlank();
    });
    assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getName()).contains(
        AlertMetrics.DELIVERIES, AlertMetrics.RETRIES, AlertMetrics.DLQ_SIZE, AlertMetrics.LATENCY);
  }

  @Test
  void shouldRecordLatencyFromCaptureAndFromDetection() {
    metrics.bindTo(registry);
    var change = TestChanges.sale(); // captured 09:15:00, detected 09:15:02

    metrics.delivered("slack", change, change.capturedAt().plus(Duration.ofSeconds(10)));

    Timer captured = registry.get(AlertMetrics.LATENCY).tags("channel", "slack", "from", "captured").timer();
    Timer detected = registry.get(AlertMetrics.LATENCY).tags("channel", "slack", "from", "detected").timer();
    assertThat(captured.totalTime(TimeUnit.SECONDS)).isEqualTo(10.0);
    assertThat(detected.totalTime(TimeUnit.SECONDS)).isEqualTo(8.0);
    assertThat(registry.get(AlertMetrics.DELIVERIES).tags("channel", "slack", "outcome", "delivered").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldReportTheDeadLetterBacklog() {
    metrics.bindTo(registry);
    metrics.dlqSize(4);

    assertThat(registry.get(AlertMetrics.DLQ_SIZE).gauge().value()).isEqualTo(4.0);
  }

  @Test
  void shouldRegisterNothingUntilBoundAndRecordNothingBeforehand() {
    metrics.outcome("slack", AlertMetrics.Outcome.DELIVERED);
    metrics.retry("slack");
    metrics.delivered("slack", TestChanges.sale(), TestChanges.sale().capturedAt());
    assertThat(registry.getMeters()).isEmpty();

    metrics.bindTo(registry);

    assertThat(registry.get(AlertMetrics.DELIVERIES).tags("channel", "slack", "outcome", "delivered").counter().count())
        .isZero();
  }

  @Test
  void shouldCountUnreadableRecordsAndIgnoreChannelsItWasNotToldAbout() {
    metrics.bindTo(registry);

    metrics.outcome(dev.policymonitor.alerts.delivery.DeadLetter.UNREADABLE, AlertMetrics.Outcome.DEAD_LETTERED);
    metrics.outcome("pager", AlertMetrics.Outcome.DELIVERED);

    assertThat(registry.get(AlertMetrics.DELIVERIES).tags("channel", "unreadable", "outcome", "dead-lettered")
        .counter().count()).isEqualTo(1.0);
    assertThat(registry.find(AlertMetrics.DELIVERIES).tag("channel", "pager").meters()).isEmpty();
  }
}
