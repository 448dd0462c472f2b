package dev.policymonitor.streams;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;

/**
 * Meters of change detection: {@code policy.versions{result=first|changed|unchanged|failed}},
 * {@code policy.changes{kind,severity}} and {@code policy.extraction.failures{vendor}}. Counts nothing until the
 * caller binds it ({@code metrics.bindTo(registry)}); it keeps the meters, never the registry.
 */
public final class StreamsMetrics implements MeterBinder {
  private volatile Map<VersionResult, Counter> versions = Map.of();
  private volatile Meter.MeterProvider<Counter> changes;
  private volatile Meter.MeterProvider<Counter> extractionFailures;

  @Override
  public void bindTo(MeterRegistry registry) {
    Map<VersionResult, Counter> counters = new EnumMap<>(VersionResult.class);
    for (VersionResult result : VersionResult.values()) {
      counters.put(result, Counter.builder("policy.versions")
          .description("Snapshots processed into versions, by result")
          .tag("result", result.tag()).register(registry));
    }
    versions = counters;
    changes = Counter.builder("policy.changes").description("Change events emitted, by kind and severity")
        .withRegistry(registry);
    extractionFailures = Counter.builder("policy.extraction.failures")
        .description("Snapshots that could not be turned into a trustworthy version, by vendor")
        .withRegistry(registry);
  }

  void version(VersionResult result) {
    Counter c = versions.get(result);
    if (c != null) {
      c.increment();
    }
  }

  void change(ChangeKind kind, Severity severity) {
    Meter.MeterProvider<Counter> provider = changes;
    if (provider != null) {
      provider.withTags("kind", kind.wire(), "severity", severity.wire()).increment();
    }
  }

  void extractionFailure(String vendor) {
    Meter.MeterProvider<Counter> provider = extractionFailures;
    if (provider != null) {
      provider.withTags("vendor", vendor).increment();
    }
  }
}
