package dev.policymonitor.runtime.health;

import java.util.Objects;

/**
 * The state of one part of a service, with why when it is not simply up.
 *
 * @param detail what is wrong or pending, in a few words; empty when {@link Status#UP}
 */
public record Health(Status status, String detail) {
  /** From best to worst; a service is as healthy as its worst part. */
  public enum Status {
    /** Working. */
    UP,
    /** Working, but a part of what it does fails (a delivery channel that refuses alerts): look, not restart. */
    DEGRADED,
    /** Not working yet (joining its consumer group, restoring state): not ready, but alive. */
    STARTING,
    /** Dead, stalled, or failed more often than it may be restarted: a restart of the process is due. */
    DOWN
  }

  public Health {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static Health up() {
    return new Health(Status.UP, "");
  }

  public static Health starting(String detail) {
    return new Health(Status.STARTING, detail);
  }

  public static Health degraded(String detail) {
    return new Health(Status.DEGRADED, detail);
  }

  public static Health down(String detail) {
    return new Health(Status.DOWN, detail);
  }

  /** {@code UP}, or the status and the detail: {@code DEGRADED: SMTP refused the connection}. */
  public String text() {
    return detail.isEmpty() ? status.name() : status.name() + ": " + detail;
  }

  /** The worse of the two. */
  public Health worst(Health other) {
    return other.status.compareTo(status) > 0 ? other : this;
  }
}
