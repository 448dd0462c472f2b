package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class StreamsMetricsTest {

  @Test
  void shouldCountNothingUntilTheCallerBindsItAndThenShowEveryResultFromZero() {
    StreamsMetrics metrics = new StreamsMetrics();
    metrics.version(VersionResult.FIRST);
    metrics.change(ChangeKind.CHANGED, Severity.HIGH);
    metrics.extractionFailure("acme");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    metrics.bindTo(registry);

    for (VersionResult r : VersionResult.values()) {
      assertThat(registry.get("policy.versions").tag("result", r.tag()).counter().count()).isZero();
    }
    metrics.version(VersionResult.FIRST);
    metrics.change(ChangeKind.CHANGED, Severity.HIGH);
    metrics.extractionFailure("acme");
    assertThat(registry.get("policy.versions").tag("result", "first").counter().count()).isEqualTo(1);
    assertThat(registry.get("policy.changes").tags("kind", "changed", "severity", "high").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("policy.extraction.failures").tag("vendor", "acme").counter().count()).isEqualTo(1);
  }
}
