package dev.policymonitor.fetcher.wayback;

import io.github.bucket4j.Bandwidth;
import dev.policymonitor.fetcher.Ticker;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Wayback budget of the process: a smooth token bucket per endpoint (no bursts, so no window of any length
 * ever sees more than the rate allows), and a global pause that stops every Wayback request after a 429 or a
 * refused connection (IA blocks an IP for an hour when 429s are ignored). The pause doubles on repeats and
 * resets after a success.
 */
public final class WaybackBudget {
  private static final Logger LOG = LoggerFactory.getLogger(WaybackBudget.class);
  /** How often a closed gate is looked at again. */
  static final Duration GATE_CHECK = Duration.ofMillis(100);

  /** The two rate-limited Wayback endpoints. */
  public enum Endpoint {
    CDX, CONTENT;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Endpoint, Bucket> buckets = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, AtomicLong> granted = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, AtomicLong> firstNanos = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, AtomicLong> lastNanos = new EnumMap<>(Endpoint.class);
  private final Duration pause;
  private final Duration maxPause;
  private final WaybackMetrics metrics;
  private final Ticker ticker;
  private final Object lock = new Object();
  private long pausedUntilNanos = Long.MIN_VALUE;
  private boolean paused;
  private int consecutivePauses;
  private volatile BooleanSupplier gate = () -> true;

  public WaybackBudget(WaybackConfig config, WaybackMetrics metrics) {
    this(config, metrics, Ticker.SYSTEM);
  }

  /** @param ticker the time the buckets refill and the pauses run on */
  public WaybackBudget(WaybackConfig config, WaybackMetrics metrics, Ticker ticker) {
    this.pause = config.pause();
    this.maxPause = config.maxPause();
    this.metrics = metrics;
    this.ticker = ticker;
    buckets.put(Endpoint.CDX, smooth(Duration.ofMinutes(1).toNanos() / config.cdxPerMinute()));
    buckets.put(Endpoint.CONTENT, smooth(Duration.ofSeconds(1).toNanos() / config.contentPerSecond()));
    for (Endpoint e : Endpoint.values()) {
      granted.put(e, new AtomicLong());
      firstNanos.put(e, new AtomicLong());
      lastNanos.put(e, new AtomicLong());
    }
    metrics.budget(this);
  }

  private Bucket smooth(long nanosPerToken) {
    return Bucket.builder().addLimit(Bandwidth.builder().capacity(1)
        .refillGreedy(1, Duration.ofNanos(nanosPerToken)).initialTokens(1).build())
        .withCustomTimePrecision(ticker.timeMeter()).build();
  }

  /**
   * From now on a request also waits until {@code open} is true: the process holds the cluster's Wayback lease and
   * is still a live member of its group ({@link WaybackLease}).
   */
  public void gatedBy(BooleanSupplier open) {
    this.gate = open;
  }

  /** Waits until no pause is in force and a token of {@code endpoint} is free, then takes it. */
  public void acquire(Endpoint endpoint) throws InterruptedException {
    Bucket bucket = buckets.get(endpoint);
    while (true) {
      awaitGate();
      awaitPause();
      var probe = bucket.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        ticker.sleep(probe.getNanosToWaitForRefill());
        continue;
      }
      synchronized (lock) {
        if (paused && ticker.nanoTime() < pausedUntilNanos) {
          continue; // a pause began while we waited for the token: drop it and wait the pause out
        }
      }
      long now = ticker.nanoTime();
      if (granted.get(endpoint).getAndIncrement() == 0) {
        firstNanos.get(endpoint).set(now);
      }
      lastNanos.get(endpoint).set(now);
      return;
    }
  }

  private void awaitGate() throws InterruptedException {
    while (!gate.getAsBoolean()) {
      ticker.sleep(GATE_CHECK.toNanos());
    }
  }

  /** Waits until no pause is in force; a pause only ever grows, so each wake-up checks the end again. */
  private void awaitPause() throws InterruptedException {
    while (true) {
      long left;
      synchronized (lock) {
        if (!paused) {
          return;
        }
        left = pausedUntilNanos - ticker.nanoTime();
        if (left <= 0) {
          paused = false;
          return;
        }
      }
      ticker.sleep(left);
    }
  }

  /**
   * Takes every token there is: the next request of each endpoint waits one full interval. For an instance that
   * has just been given the cluster's Wayback lease ({@link WaybackLease}): the previous holder may have made a
   * request a moment ago.
   */
  public void startFresh() {
    buckets.values().forEach(Bucket::tryConsumeAsMuchAsPossible);
  }

  /** Stops every Wayback request of the process for the pause (doubling on each repeat without a success). */
  public Duration pause(String reason) {
    synchronized (lock) {
      consecutivePauses++;
      long factor = 1L << Math.min(consecutivePauses - 1, 20);
      Duration d = pause.multipliedBy(factor);
      if (d.compareTo(maxPause) > 0) {
        d = maxPause;
      }
      long until = ticker.nanoTime() + d.toNanos();
      pausedUntilNanos = paused ? Math.max(pausedUntilNanos, until) : until;
      paused = true;
      metrics.paused();
      LOG.warn("vendor=- document=- every Wayback request paused for {} after {}", d, reason);
      return d;
    }
  }

  /** A request succeeded: the next 429 pauses for the base time again. */
  public void succeeded() {
    synchronized (lock) {
      consecutivePauses = 0;
    }
  }

  double available(Endpoint e) {
    return buckets.get(e).getAvailableTokens();
  }

  /** Requests granted so far to {@code endpoint}. */
  public long granted(Endpoint e) {
    return granted.get(e).get();
  }

  /** Achieved rate of {@code endpoint} in requests per second between its first and last request; 0 if < 2. */
  public double achievedPerSecond(Endpoint e) {
    long n = granted.get(e).get();
    long span = lastNanos.get(e).get() - firstNanos.get(e).get();
    return n < 2 || span <= 0 ? 0 : (n - 1) * 1e9 / span;
  }
}
