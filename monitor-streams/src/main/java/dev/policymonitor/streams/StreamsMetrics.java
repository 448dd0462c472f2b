package dev.policymonitor.streams;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Meters of the change detector: {@code policy.versions{result=first|changed|unchanged|failed}},
 * {@code policy.changes{kind,severity}} and {@code policy.extraction.failures{vendor}}.
 */
public final class StreamsMetrics implements MeterBinder {
  /** Results of {@code policy.versions}. */
  public static final String FIRST = "first";
  public static final String CHANGED = "changed";
  public static final String UNCHANGED = "unchanged";
  public static final String FAILED = "failed";

  private MeterRegistry registry = new SimpleMeterRegistry();

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    for (String result : new String[] {FIRST, CHANGED, UNCHANGED, FAILED}) {
      versions(result);
    }
  }

  void version(String result) {
    versions(result).increment();
  }

  void change(ChangeKind kind, Severity severity) {
    Counter.builder("policy.changes").description("Change events emitted, by kind and severity")
        .tag("kind", kind.wire()).tag("severity", severity.wire())
        .register(registry).increment();
  }

  void extractionFailure(String vendor) {
    Counter.builder("policy.extraction.failures")
        .description("Snapshots that could not be turned into a trustworthy version, by vendor")
        .tag("vendor", vendor).register(registry).increment();
  }

  private Counter versions(String result) {
    return Counter.builder("policy.versions").description("Snapshots processed into versions, by result")
        .tag("result", result).register(registry);
  }
}
