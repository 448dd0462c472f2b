package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.wayback.WaybackConfig;
import dev.policymonitor.model.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the live fetcher: identity, timeouts, size cap, per-host politeness and retries.
 *
 * @param contactUrl where a site owner can reach whoever runs this monitor; part of the User-Agent
 * @param maxBodyBytes cap on the decompressed body; bigger bodies are a {@code too-large} error
 * @param hostRequests requests allowed per {@code hostPeriod} to one host
 * @param maxAttempts attempts per check for transient failures (1 = no retry)
 * @param maxRetryAfter longest {@code Retry-After} honoured inside one check; longer ones end the check
 * @param workers threads that run checks; different hosts are fetched concurrently up to this many
 * @param backfillOnFirstSight whether a document this fetcher has never seen gets its Wayback history backfilled
 * @param waybackUrl Wayback Machine base URL, for that backfill
 */
public record FetcherConfig(
    String contactUrl,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    int hostRequests,
    Duration hostPeriod,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    Duration maxRetryAfter,
    double jitter,
    int workers,
    boolean backfillOnFirstSight,
    String waybackUrl) {

  /** Environment variable holding the contact URL sent in the User-Agent. */
  public static final String CONTACT_URL_ENV = "POLICY_MONITOR_CONTACT_URL";
  /** Environment variable holding the per-host interval between requests, e.g. {@code PT2S}. */
  public static final String HOST_INTERVAL_ENV = "POLICY_MONITOR_HOST_INTERVAL";
  /** Environment variable: {@code true} backfills the Wayback history of a document on its first sight. */
  public static final String BACKFILL_ON_FIRST_SIGHT_ENV = "POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT";
  /** Environment variable holding the Wayback Machine base URL (default {@link WaybackConfig#DEFAULT_URL}). */
  public static final String WAYBACK_URL_ENV = "POLICY_MONITOR_WAYBACK_URL";
  public static final String DEFAULT_CONTACT_URL = "https://github.com/policy-monitor/policy-monitor";
  public static final String VERSION = "0.1";

  public FetcherConfig {
    Objects.requireNonNull(contactUrl, "contactUrl");
    Objects.requireNonNull(waybackUrl, "waybackUrl");
    if (maxBodyBytes <= 0 || hostRequests <= 0 || maxAttempts <= 0 || workers <= 0) {
      throw new IllegalArgumentException("fetcher limits must be positive");
    }
  }

  public static FetcherConfig defaults() {
    return new FetcherConfig(DEFAULT_CONTACT_URL, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(90), 10L * 1024 * 1024, 1, Duration.ofSeconds(2), 4, Duration.ofSeconds(2),
        Duration.ofMinutes(1), Duration.ofMinutes(2), 0.25, 8, false, WaybackConfig.DEFAULT_URL);
  }

  /**
   * Defaults, overridden by {@link #CONTACT_URL_ENV}, {@link #HOST_INTERVAL_ENV}, {@link #BACKFILL_ON_FIRST_SIGHT_ENV}
   * and {@link #WAYBACK_URL_ENV} when set.
   */
  public static FetcherConfig fromEnvironment(Map<String, String> env) {
    FetcherConfig c = defaults();
    String contact = env.get(CONTACT_URL_ENV);
    if (contact != null && !contact.isBlank()) {
      c = c.withContactUrl(contact.trim());
    }
    String interval = env.get(HOST_INTERVAL_ENV);
    if (interval != null && !interval.isBlank()) {
      Duration d;
      try {
        d = Duration.parse(interval.trim());
      } catch (RuntimeException e) {
        throw new InvalidConfigException(HOST_INTERVAL_ENV + " must be an ISO-8601 duration like PT2S: " + interval);
      }
      if (d.isZero() || d.isNegative()) {
        throw new InvalidConfigException(HOST_INTERVAL_ENV + " must be positive: " + interval);
      }
      c = c.withHostRate(1, d);
    }
    String firstSight = env.get(BACKFILL_ON_FIRST_SIGHT_ENV);
    boolean backfill = false;
    if (firstSight != null && !firstSight.isBlank()) {
      String v = firstSight.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new InvalidConfigException(BACKFILL_ON_FIRST_SIGHT_ENV + " must be true or false: " + firstSight);
      }
      backfill = v.equals("true");
    }
    String wayback = env.get(WAYBACK_URL_ENV);
    String waybackUrl = WaybackConfig.DEFAULT_URL;
    if (wayback != null && !wayback.isBlank()) {
      waybackUrl = wayback.trim();
      URI uri;
      try {
        uri = URI.create(waybackUrl);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(WAYBACK_URL_ENV + " is not a URL: " + wayback);
      }
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
        throw new InvalidConfigException(WAYBACK_URL_ENV + " must be an http(s) URL with a host: " + wayback);
      }
    }
    return c.withFirstSightBackfill(backfill, waybackUrl);
  }

  /** {@code policy-monitor/0.1 (+contact)}: who is fetching and how to reach them. */
  public String userAgent() {
    return "policy-monitor/" + VERSION + " (+" + contactUrl + ")";
  }

  public FetcherConfig withContactUrl(String url) {
    return new FetcherConfig(url, connectTimeout, readTimeout, callTimeout, maxBodyBytes, hostRequests, hostPeriod,
        maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, backfillOnFirstSight,
        waybackUrl);
  }

  public FetcherConfig withHostRate(int requests, Duration period) {
    return new FetcherConfig(contactUrl, connectTimeout, readTimeout, callTimeout, maxBodyBytes, requests, period,
        maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, backfillOnFirstSight,
        waybackUrl);
  }

  public FetcherConfig withTimeouts(Duration connect, Duration read, Duration call) {
    return new FetcherConfig(contactUrl, connect, read, call, maxBodyBytes, hostRequests, hostPeriod,
        maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, backfillOnFirstSight,
        waybackUrl);
  }

  public FetcherConfig withMaxBodyBytes(long bytes) {
    return new FetcherConfig(contactUrl, connectTimeout, readTimeout, callTimeout, bytes, hostRequests, hostPeriod,
        maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, backfillOnFirstSight,
        waybackUrl);
  }

  public FetcherConfig withRetries(int attempts, Duration base, Duration max) {
    return new FetcherConfig(contactUrl, connectTimeout, readTimeout, callTimeout, maxBodyBytes, hostRequests,
        hostPeriod, attempts, base, max, maxRetryAfter, jitter, workers, backfillOnFirstSight, waybackUrl);
  }

  /** The same settings with first-sight Wayback backfill switched on or off, against {@code url}. */
  public FetcherConfig withFirstSightBackfill(boolean enabled, String url) {
    return new FetcherConfig(contactUrl, connectTimeout, readTimeout, callTimeout, maxBodyBytes, hostRequests,
        hostPeriod, maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, enabled, url);
  }
}
