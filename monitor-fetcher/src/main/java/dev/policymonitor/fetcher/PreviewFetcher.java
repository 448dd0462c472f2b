package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.fetcher.http.Validators;
import dev.policymonitor.fetcher.render.BrowserFetcher;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Target;
import java.time.Clock;
import java.time.Duration;

/**
 * One-off fetches for the web page's selector preview, made the way the fetcher makes its checks: the same
 * {@link PolicyFetcher} (its HTTP client, User-Agent, timeouts, size cap, accepted types and the client's address
 * checks) and the same per-host politeness budget ({@link HostRateLimiter}). One attempt, no retry, and no waiting:
 * when the host's budget has no token now, {@link HostBusy} says how long to wait. A document declared
 * {@code render: browser} is rendered in the fetcher's headless browser when this preview fetcher shares one
 * ({@link #withBrowser}); without one it is fetched plainly, and {@link #renders} says so.
 */
public final class PreviewFetcher {
  private final PolicyFetcher fetcher;
  private final HostRateLimiter limiter;
  private final BrowserFetcher browser;

  public PreviewFetcher(PolicyFetcher fetcher, HostRateLimiter limiter) {
    this(fetcher, limiter, null);
  }

  private PreviewFetcher(PolicyFetcher fetcher, HostRateLimiter limiter, BrowserFetcher browser) {
    this.fetcher = fetcher;
    this.limiter = limiter;
    this.browser = browser;
  }

  /** This preview fetcher, rendering {@code render: browser} documents with {@code browser} (the fetcher's). */
  public PreviewFetcher withBrowser(BrowserFetcher browser) {
    return new PreviewFetcher(fetcher, limiter, browser);
  }

  /** True when a {@code render: browser} document is previewed rendered, false when it is fetched plainly. */
  public boolean renders() {
    return browser != null;
  }

  /**
   * A preview fetcher of its own, for a process that runs no fetcher (a separately deployed streams service): its
   * own client and host budget, built from the same settings.
   */
  public static PreviewFetcher create(FetcherConfig config) {
    return new PreviewFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC()), new HostRateLimiter(config.hostRequests(), config.hostPeriod()));
  }

  /**
   * Fetches {@code target}'s URL once, unconditionally.
   *
   * @throws HostBusy when the host's politeness budget has no token now
   */
  public FetchResult fetch(Target target) throws HostBusy {
    long waitNanos = limiter.tryAcquire(target.host());
    if (waitNanos > 0) {
      throw new HostBusy(target.host(), Duration.ofNanos(waitNanos));
    }
    if (browser != null && target.declaration().render() == RenderMode.BROWSER) {
      return browser.fetch(target, Rendering.DECLARED, true);
    }
    return fetcher.fetch(target, Validators.NONE);
  }

  /** The host was asked too recently; try again after {@link #retryAfter()}. */
  public static final class HostBusy extends Exception {
    private final Duration retryAfter;

    HostBusy(String host, Duration retryAfter) {
      super("the politeness budget for " + host + " is spent; try again in "
          + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
