package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.wayback.WaybackConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the live fetcher: identity, timeouts, size cap, per-host politeness and retries. The four that an
 * operator sets are {@code POLICY_MONITOR_*} variables declared here ({@link #KEYS}); the rest are defaults that
 * tests change through {@link #toBuilder()}.
 *
 * @param contactUrl where a site owner can reach whoever runs this monitor; part of the User-Agent
 * @param maxBodyBytes cap on the decompressed body; bigger bodies are a {@code too-large} error
 * @param hostRequests requests allowed per {@code hostPeriod} to one host
 * @param maxAttempts attempts per check for transient failures (1 = no retry)
 * @param maxRetryAfter longest {@code Retry-After} honoured inside one check; longer ones end the check
 * @param workers threads that run checks; different hosts are fetched concurrently up to this many
 * @param backfillOnFirstSight whether a document this fetcher has never seen gets its Wayback history backfilled
 * @param waybackUrl Wayback Machine base URL, for that backfill
 * @param allowPrivateTargets {@link #ALLOW_PRIVATE_TARGETS}: the SSRF guard lets every range but cloud metadata
 *     through
 * @param allowTargets hosts and networks the SSRF guard lets through (the vendors file's {@code allowTargets})
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
    String waybackUrl,
    boolean allowPrivateTargets,
    TargetAllowList allowTargets) {

  public static final String DEFAULT_CONTACT_URL = "https://github.com/policy-monitor/policy-monitor";
  public static final String VERSION = "0.1";

  public static final ConfigKey<String> CONTACT_URL = ConfigKey.of("POLICY_MONITOR_CONTACT_URL",
      ValueType.of("absolute URL (https: or mailto:)", FetcherConfig::absoluteUrl), DEFAULT_CONTACT_URL, "fetcher",
      "Where a site owner can reach whoever runs this monitor; sent in the User-Agent of every request.");
  public static final ConfigKey<Duration> HOST_INTERVAL = ConfigKey.of("POLICY_MONITOR_HOST_INTERVAL",
      ValueType.duration(true), "PT2S", "fetcher",
      "Least time between two requests to one host (live pages), e.g. PT2S.");
  public static final ConfigKey<Boolean> BACKFILL_ON_FIRST_SIGHT = ConfigKey.of(
      "POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT", ValueType.bool(), "false", "fetcher",
      "true: a document this fetcher has never seen gets its Wayback Machine history backfilled in the background.");
  public static final ConfigKey<URI> WAYBACK_URL = ConfigKey.of("POLICY_MONITOR_WAYBACK_URL", ValueType.httpUrl(),
      WaybackConfig.DEFAULT_URL, "fetcher, backfill",
      "Wayback Machine base URL of first-sight backfill and of the backfill command (--wayback-url overrides it).");

  public static final ConfigKey<Boolean> ALLOW_PRIVATE_TARGETS = ConfigKey.of(
      "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", ValueType.bool(), "false", "fetcher, backfill, vendors add",
      "true: the SSRF guard lets loopback, private, link-local and other non-public addresses through (cloud "
          + "metadata endpoints stay refused); for tests and closed networks. Prefer allowTargets in the vendors file.");

  /** Every key of the fetcher, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(CONTACT_URL, HOST_INTERVAL, BACKFILL_ON_FIRST_SIGHT,
      WAYBACK_URL, ALLOW_PRIVATE_TARGETS);

  public FetcherConfig {
    Objects.requireNonNull(contactUrl, "contactUrl");
    Objects.requireNonNull(waybackUrl, "waybackUrl");
    Objects.requireNonNull(allowTargets, "allowTargets");
    if (maxBodyBytes <= 0 || hostRequests <= 0 || maxAttempts <= 0 || workers <= 0) {
      throw new IllegalArgumentException("fetcher limits must be positive");
    }
  }

  public static FetcherConfig defaults() {
    return builder().build();
  }

  /** The defaults, with the fetcher's keys of {@code settings} applied. */
  public static FetcherConfig from(Settings settings) {
    return builder()
        .contactUrl(settings.get(CONTACT_URL))
        .hostRate(1, settings.get(HOST_INTERVAL))
        .firstSightBackfill(settings.get(BACKFILL_ON_FIRST_SIGHT), settings.get(WAYBACK_URL).toString())
        .allowPrivateTargets(settings.get(ALLOW_PRIVATE_TARGETS))
        .build();
  }

  /**
   * Checks the Wayback base URL against this fetcher's SSRF guard, as a vendor URL is checked.
   *
   * @param what how the setting is named in the message: the variable, or {@code --wayback-url}
   * @throws dev.policymonitor.model.InvalidConfigException when the guard would refuse it
   */
  public void requireFetchableWaybackUrl(String what) {
    VendorsConfig.requireFetchableUrl(waybackUrl, what, targetPolicy());
  }

  /** What the SSRF guard of this fetcher's HTTP client lets through. */
  public TargetPolicy targetPolicy() {
    return new TargetPolicy(allowTargets, allowPrivateTargets);
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@code policy-monitor/0.1 (+contact)}: who is fetching and how to reach them. */
  public String userAgent() {
    return "policy-monitor/" + VERSION + " (+" + contactUrl + ")";
  }

  private static String absoluteUrl(String s) {
    URI uri;
    try {
      uri = new URI(s);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL");
    }
    if (!uri.isAbsolute() || s.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("must be an absolute URL such as https://example.org/contact");
    }
    return s;
  }

  /** Settings of a fetcher, starting from the defaults or from a config. */
  public static final class Builder {
    private String contactUrl = DEFAULT_CONTACT_URL;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(90);
    private long maxBodyBytes = 10L * 1024 * 1024;
    private int hostRequests = 1;
    private Duration hostPeriod = Duration.ofSeconds(2);
    private int maxAttempts = 4;
    private Duration backoffBase = Duration.ofSeconds(2);
    private Duration backoffMax = Duration.ofMinutes(1);
    private Duration maxRetryAfter = Duration.ofMinutes(2);
    private double jitter = 0.25;
    private int workers = 8;
    private boolean backfillOnFirstSight;
    private String waybackUrl = WaybackConfig.DEFAULT_URL;
    private boolean allowPrivateTargets;
    private TargetAllowList allowTargets = TargetAllowList.NONE;

    private Builder() {}

    private Builder(FetcherConfig c) {
      contactUrl = c.contactUrl;
      connectTimeout = c.connectTimeout;
      readTimeout = c.readTimeout;
      callTimeout = c.callTimeout;
      maxBodyBytes = c.maxBodyBytes;
      hostRequests = c.hostRequests;
      hostPeriod = c.hostPeriod;
      maxAttempts = c.maxAttempts;
      backoffBase = c.backoffBase;
      backoffMax = c.backoffMax;
      maxRetryAfter = c.maxRetryAfter;
      jitter = c.jitter;
      workers = c.workers;
      backfillOnFirstSight = c.backfillOnFirstSight;
      waybackUrl = c.waybackUrl;
      allowPrivateTargets = c.allowPrivateTargets;
      allowTargets = c.allowTargets;
    }

    public Builder contactUrl(String url) {
      this.contactUrl = url;
      return this;
    }

    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = connect;
      this.readTimeout = read;
      this.callTimeout = call;
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** {@code requests} per {@code period} to one host. */
    public Builder hostRate(int requests, Duration period) {
      this.hostRequests = requests;
      this.hostPeriod = period;
      return this;
    }

    /** Attempts per check, and the exponential backoff between them ({@code base} doubling up to {@code max}). */
    public Builder retries(int attempts, Duration base, Duration max) {
      this.maxAttempts = attempts;
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    public Builder maxRetryAfter(Duration longest) {
      this.maxRetryAfter = longest;
      return this;
    }

    public Builder jitter(double fraction) {
      this.jitter = fraction;
      return this;
    }

    public Builder workers(int threads) {
      this.workers = threads;
      return this;
    }

    /** First-sight Wayback backfill switched on or off, against {@code url}. */
    public Builder firstSightBackfill(boolean enabled, String url) {
      this.backfillOnFirstSight = enabled;
      this.waybackUrl = url;
      return this;
    }

    /** {@code true}: every non-public range but cloud metadata is let through (tests, closed networks). */
    public Builder allowPrivateTargets(boolean allow) {
      this.allowPrivateTargets = allow;
      return this;
    }

    /** Hosts and networks let through although not public: the vendors file's {@code allowTargets}. */
    public Builder allowTargets(TargetAllowList list) {
      this.allowTargets = list;
      return this;
    }

    public FetcherConfig build() {
      return new FetcherConfig(contactUrl, connectTimeout, readTimeout, callTimeout, maxBodyBytes, hostRequests,
          hostPeriod, maxAttempts, backoffBase, backoffMax, maxRetryAfter, jitter, workers, backfillOnFirstSight,
          waybackUrl, allowPrivateTargets, allowTargets);
    }
  }
}
