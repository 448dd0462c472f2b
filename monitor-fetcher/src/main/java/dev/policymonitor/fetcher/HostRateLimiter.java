package dev.policymonitor.fetcher;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token bucket per host (bucket4j), so documents of different vendors on one host are spaced out while
 * different hosts proceed concurrently. Refill is smooth: {@code requests} per {@code period}, no burst beyond
 * {@code requests}.
 */
public final class HostRateLimiter {
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int requests;
  private final Duration period;
  private final Ticker ticker;

  public HostRateLimiter(int requests, Duration period) {
    this(requests, period, Ticker.SYSTEM);
  }

  /** @param ticker the time the buckets refill and {@link #acquire} waits on */
  public HostRateLimiter(int requests, Duration period, Ticker ticker) {
    this.requests = requests;
    this.period = period;
    this.ticker = ticker;
  }

  /** Takes a token for {@code host} now if one is there; else returns how long to wait (nanoseconds). */
  public long tryAcquire(String host) {
    var probe = bucket(host).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
  }

  /** Waits for a token for {@code host}. */
  public void acquire(String host) throws InterruptedException {
    bucket(host).asBlocking().consume(1, ticker.blocking());
  }

  private Bucket bucket(String host) {
    return buckets.computeIfAbsent(host, h -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, period).initialTokens(requests)
            .build())
        .withCustomTimePrecision(ticker.timeMeter())
        .build());
  }
}
