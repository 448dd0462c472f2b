package dev.policymonitor.fetcher.render;

import dev.policymonitor.model.Rendering;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Meters of the fetcher's headless browser, all registered (at zero) in {@link #bindTo}, so they exist before the
 * first render: {@code policy.renders} by trigger (declared, fallback), {@code policy.render.failures} by reason,
 * {@code policy.render.duration} (histogram), {@code policy.render.browser.restarts} by reason (scheduled, crashed,
 * hung) and {@code policy.render.browser.memory} (resident bytes of the browser's processes). Bind it once.
 */
public final class RenderMetrics implements MeterBinder {
  /** Why the browser was restarted: the {@code reason} tag of {@code policy.render.browser.restarts}. */
  public static final String SCHEDULED = "scheduled";
  public static final String CRASHED = "crashed";
  public static final String HUNG = "hung";

  private final LongSupplier browserMemory;
  private volatile Meters meters;

  /** @param browserMemory resident bytes of the running browser, 0 when none runs */
  public RenderMetrics(LongSupplier browserMemory) {
    this.browserMemory = browserMemory;
  }

  private record Meters(Map<Rendering, Counter> renders, Map<RenderException.Reason, Counter> failures, Timer duration,
      Map<String, Counter> restarts) {}

  @Override
  public void bindTo(MeterRegistry r) {
    Map<Rendering, Counter> renders = new EnumMap<>(Rendering.class);
    for (Rendering why : Rendering.values()) {
      renders.put(why, Counter.builder("policy.renders").description("Pages rendered in the headless browser")
          .tag("trigger", why.wire()).register(r));
    }
    Map<RenderException.Reason, Counter> failures = new EnumMap<>(RenderException.Reason.class);
    for (RenderException.Reason reason : RenderException.Reason.values()) {
      failures.put(reason, Counter.builder("policy.render.failures").description("Renders that gave no usable page")
          .tag("reason", reason.tag()).register(r));
    }
    Timer duration = Timer.builder("policy.render.duration").description("Time of one render, page load to DOM")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(Duration.ofMinutes(2)).register(r);
    Map<String, Counter> restarts = new LinkedHashMap<>();
    for (String reason : new String[] {SCHEDULED, CRASHED, HUNG}) {
      restarts.put(reason, Counter.builder("policy.render.browser.restarts")
          .description("Restarts of the headless browser").tag("reason", reason).register(r));
    }
    Gauge.builder("policy.render.browser.memory", browserMemory, LongSupplier::getAsLong).baseUnit("bytes")
        .description("Resident memory of the headless browser's processes (0 when it is not running)").register(r);
    meters = new Meters(renders, failures, duration, restarts);
  }

  /** A render reached the browser and ended, well or not, after {@code took}. */
  void rendered(Rendering why, Duration took) {
    Meters m = meters;
    if (m != null) {
      m.renders().get(why).increment();
      m.duration().record(took);
    }
  }

  /** A render failed, or (no-text) the fallback found nothing more in the rendered page. */
  public void failed(RenderException.Reason reason) {
    Meters m = meters;
    if (m != null) {
      m.failures().get(reason).increment();
    }
  }

  void restarted(String reason) {
    Meters m = meters;
    if (m != null) {
      m.restarts().get(reason).increment();
    }
  }
}
