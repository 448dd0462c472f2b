package dev.policymonitor.app.observability;

import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pipeline meters that no service owns, read from the vendors configuration: {@code policy.vendor.poll.interval}
 * (the staleness alert compares freshness with it) and {@code policy.documents.tracked} when the fetcher has not
 * registered it itself. Bind it after the services so their own meters win.
 */
public final class PipelineMetrics implements MeterBinder {
  public static final String DOCUMENTS_TRACKED = "policy.documents.tracked";
  public static final String POLL_INTERVAL = "policy.vendor.poll.interval";

  private final VendorsConfig vendors;

  public PipelineMetrics(VendorsConfig vendors) {
    this.vendors = vendors;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (registry.find(DOCUMENTS_TRACKED).meter() == null) {
      int documents = vendors.targets().size();
      Gauge.builder(DOCUMENTS_TRACKED, () -> documents)
          .description("Documents the fetcher tracks, from the vendors configuration")
          .register(registry);
    }
    for (Map.Entry<String, Duration> e : longestIntervalByVendor().entrySet()) {
      double seconds = e.getValue().toMillis() / 1000.0;
      Gauge.builder(POLL_INTERVAL, () -> seconds)
          .description("Longest configured poll interval of the vendor's documents")
          .baseUnit("seconds")
          .tag("vendor", e.getKey())
          .register(registry);
    }
  }

  private Map<String, Duration> longestIntervalByVendor() {
    Map<String, Duration> result = new TreeMap<>();
    for (Target t : vendors.targets()) {
      result.merge(t.vendor(), t.pollInterval(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    return result;
  }
}
