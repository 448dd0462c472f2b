package dev.policymonitor.fetcher.wayback;

import java.time.Duration;

/**
 * Wayback Machine access settings. Defaults are 80 % of the Internet Archive's hard limits (CDX 30/min, playback
 * 10/s), as IA staff asked of the EDGI client.
 *
 * @param cdxPerMinute CDX search requests per minute, for the whole process
 * @param contentPerSecond raw capture ({@code id_}) requests per second, for the whole process
 * @param pause how long every Wayback request waits after a 429 or a refused connection; doubles on repeats
 * @param maxPause the longest pause
 * @param pageSize CDX rows per page ({@code limit}, paged with {@code showResumeKey}/{@code resumeKey})
 * @param maxAttempts attempts per request before the capture or page counts as an error
 * @param backoff first delay before retrying a 5xx (the first retry is immediate, then doubles)
 * @param downloads captures downloaded in parallel (still within {@code contentPerSecond}); published in order
 */
public record WaybackConfig(String baseUrl, int cdxPerMinute, int contentPerSecond, Duration pause, Duration maxPause,
    int pageSize, int maxAttempts, Duration backoff, int downloads) {
  public static final String DEFAULT_URL = "https://web.archive.org";

  public WaybackConfig {
    if (cdxPerMinute <= 0 || contentPerSecond <= 0 || pageSize <= 0 || maxAttempts <= 0 || downloads <= 0) {
      throw new IllegalArgumentException("Wayback limits must be positive");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public static WaybackConfig defaults(String baseUrl) {
    return new WaybackConfig(baseUrl, 24, 8, Duration.ofSeconds(60), Duration.ofHours(1), 1000, 5,
        Duration.ofSeconds(2), 4);
  }

  public WaybackConfig withBudget(int cdxPerMinute, int contentPerSecond, Duration pause) {
    return new WaybackConfig(baseUrl, cdxPerMinute, contentPerSecond, pause, maxPause, pageSize, maxAttempts, backoff, downloads);
  }

  public WaybackConfig withPageSize(int rows) {
    return new WaybackConfig(baseUrl, cdxPerMinute, contentPerSecond, pause, maxPause, rows, maxAttempts, backoff, downloads);
  }

  public WaybackConfig withDownloads(int parallel) {
    return new WaybackConfig(baseUrl, cdxPerMinute, contentPerSecond, pause, maxPause, pageSize, maxAttempts, backoff,
        parallel);
  }

  public WaybackConfig withBackoff(Duration first) {
    return new WaybackConfig(baseUrl, cdxPerMinute, contentPerSecond, pause, maxPause, pageSize, maxAttempts, first, downloads);
  }
}
