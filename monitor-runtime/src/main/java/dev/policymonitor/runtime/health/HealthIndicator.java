package dev.policymonitor.runtime.health;

/** A part of a service that {@code /health} reports on, under a stable dotted name ({@code fetcher.targets}). */
public interface HealthIndicator {
  String name();

  /** Its state now; cheap and non-blocking (read on every {@code /health} request). */
  Health health();

  /** An indicator computed on each call. */
  static HealthIndicator of(String name, java.util.function.Supplier<Health> health) {
    return new HealthIndicator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Health health() {
        return health.get();
      }
    };
  }
}
