package dev.policymonitor.runtime.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The health of one long-running loop (a consumer loop, a timer): it {@link #beat beats} each time round, is
 * {@link #ready} once it does its job (its consumer has partitions), and {@link #failed fails}. A loop that has not
 * beaten for its stall time, or died without a restart left, is {@link Health.Status#DOWN}; a loop may be restarted
 * at most {@code maxRestarts} times within {@code restartWindow}, so a loop that dies at once on every start is
 * given up and the process reported down instead of spinning. Thread-safe.
 */
public final class LoopHealth implements HealthIndicator {
  private final String name;
  private final Duration stallAfter;
  private final int maxRestarts;
  private final Duration restartWindow;
  private final Clock clock;
  private final Deque<Instant> restarts = new ArrayDeque<>();
  private int restartsInAll;
  private volatile Instant lastBeat;
  private volatile boolean ready;
  private volatile String degraded;
  private volatile String dead;

  /**
   * @param stallAfter how long the loop may go without a beat before it counts as stalled (longer than its longest
   *     legitimate wait)
   */
  public LoopHealth(String name, Duration stallAfter, int maxRestarts, Duration restartWindow, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.stallAfter = stallAfter;
    this.maxRestarts = maxRestarts;
    this.restartWindow = restartWindow;
    this.clock = clock;
    this.lastBeat = clock.instant();
  }

  /** A loop that may be restarted 5 times in 10 minutes. */
  public static LoopHealth restartable(String name, Duration stallAfter, Clock clock) {
    return new LoopHealth(name, stallAfter, 5, Duration.ofMinutes(10), clock);
  }

  /** A loop that is never restarted: its failure is final. */
  public static LoopHealth once(String name, Duration stallAfter, Clock clock) {
    return new LoopHealth(name, stallAfter, 0, Duration.ZERO, clock);
  }

  @Override
  public String name() {
    return name;
  }

  /** The loop went round. */
  public void beat() {
    lastBeat = clock.instant();
  }

  /** The loop does its job now (and went round). */
  public void ready() {
    ready = true;
    beat();
  }

  /** Works, but part of its work fails ({@code why}); {@link #recovered} ends it. */
  public void degraded(String why) {
    degraded = why;
    beat();
  }

  public void recovered() {
    degraded = null;
    beat();
  }

  /**
   * The loop died of {@code error}. Counts a restart when one is left.
   *
   * @return whether the caller may restart the loop; when false the loop is down for good
   */
  public synchronized boolean failed(Throwable error) {
    Instant now = clock.instant();
    while (!restarts.isEmpty() && restarts.peekFirst().isBefore(now.minus(restartWindow))) {
      restarts.pollFirst();
    }
    if (restarts.size() >= maxRestarts) {
      dead = "stopped after " + (restartsInAll == 0 ? "" : restartsInAll + " restart(s) and ") + describe(error);
      return false;
    }
    restarts.addLast(now);
    restartsInAll++;
    ready = false;
    lastBeat = now;
    return true;
  }

  /** The loop died of {@code error} and is not restarted. */
  public void died(Throwable error) {
    if (dead == null) {
      dead = "stopped: " + describe(error);
    }
  }

  /** Restarts so far. */
  public synchronized int restarts() {
    return restartsInAll;
  }

  @Override
  public Health health() {
    String why = dead;
    if (why != null) {
      return Health.down(why);
    }
    Duration silent = Duration.between(lastBeat, clock.instant());
    if (silent.compareTo(stallAfter) > 0) {
      return Health.down("no progress for " + silent.toSeconds() + " s");
    }
    if (!ready) {
      return Health.starting(restartsInAll == 0 ? "starting" : "restarting (" + restartsInAll + ")");
    }
    String problem = degraded;
    return problem == null ? Health.up() : Health.degraded(problem);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public String toString() {
    return name + " " + health().text();
  }
}
