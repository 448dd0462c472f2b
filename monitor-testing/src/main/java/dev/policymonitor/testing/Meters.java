package dev.policymonitor.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Binders bound in one expression, for tests that build a service by hand: {@code Meters.bound(new X(), registry)}. */
public final class Meters {
  private Meters() {}

  /** Binds {@code binder} to {@code registry} and returns it. */
  public static <T extends MeterBinder> T bound(T binder, MeterRegistry registry) {
    binder.bindTo(registry);
    return binder;
  }
}
