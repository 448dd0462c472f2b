package dev.policymonitor.fetcher.render;

import dev.policymonitor.model.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Limits of the fetcher's headless browser, read from the environment in {@link #fromEnvironment(Map)} (the one
 * place these keys are read).
 *
 * @param pagesAtOnce pages rendered at the same time in the one browser ({@code POLICY_MONITOR_RENDER_PAGES},
 *     default 2); each costs a Playwright driver connection besides the page itself
 * @param timeout time one render may take: loading the page (two thirds) and waiting for the declared
 *     {@code select} to appear (one third) ({@code POLICY_MONITOR_RENDER_TIMEOUT}, ISO-8601, default PT30S).
 *     A render that still has not returned {@link #hardTimeout()} after it started is cut by restarting the browser
 * @param restartAfter the browser is restarted after this many renders, to bound its memory
 *     ({@code POLICY_MONITOR_RENDER_RESTART_AFTER}, default 100)
 * @param chromium the Chromium executable ({@code POLICY_MONITOR_CHROMIUM}, default {@code /usr/bin/chromium})
 */
public record RenderSettings(int pagesAtOnce, Duration timeout, int restartAfter, Path chromium) {
  public static final String PAGES_ENV = "POLICY_MONITOR_RENDER_PAGES";
  public static final String TIMEOUT_ENV = "POLICY_MONITOR_RENDER_TIMEOUT";
  public static final String RESTART_AFTER_ENV = "POLICY_MONITOR_RENDER_RESTART_AFTER";
  public static final String CHROMIUM_ENV = "POLICY_MONITOR_CHROMIUM";
  public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
  static final int MAX_PAGES = 16;
  static final Duration MIN_TIMEOUT = Duration.ofSeconds(3);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  /** Time given past {@link #timeout()} for closing the page before the browser is restarted. */
  static final Duration GRACE = Duration.ofSeconds(10);

  public RenderSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(chromium, "chromium");
    if (pagesAtOnce < 1 || pagesAtOnce > MAX_PAGES) {
      throw new InvalidConfigException(PAGES_ENV + " must be between 1 and " + MAX_PAGES + ": " + pagesAtOnce);
    }
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidConfigException(TIMEOUT_ENV + " must be between " + MIN_TIMEOUT + " and " + MAX_TIMEOUT
          + ": " + timeout);
    }
    if (restartAfter < 1) {
      throw new InvalidConfigException(RESTART_AFTER_ENV + " must be at least 1: " + restartAfter);
    }
  }

  public static RenderSettings defaults() {
    return new RenderSettings(2, Duration.ofSeconds(30), 100, DEFAULT_CHROMIUM);
  }

  /** Defaults, overridden by the {@code POLICY_MONITOR_RENDER_*} and {@code POLICY_MONITOR_CHROMIUM} variables. */
  public static RenderSettings fromEnvironment(Map<String, String> env) {
    RenderSettings d = defaults();
    int pages = integer(env, PAGES_ENV, d.pagesAtOnce());
    int restartAfter = integer(env, RESTART_AFTER_ENV, d.restartAfter());
    Duration timeout = d.timeout();
    String t = value(env, TIMEOUT_ENV);
    if (t != null) {
      try {
        timeout = Duration.parse(t);
      } catch (RuntimeException e) {
        throw new InvalidConfigException(TIMEOUT_ENV + " must be an ISO-8601 duration like PT30S: " + t);
      }
    }
    String chromium = value(env, CHROMIUM_ENV);
    return new RenderSettings(pages, timeout, restartAfter, chromium == null ? d.chromium() : Path.of(chromium));
  }

  /** Time to load the page (DOMContentLoaded). */
  public Duration navigationTimeout() {
    return timeout.multipliedBy(2).dividedBy(3);
  }

  /** Time to wait for the declared {@code select} (or, without one, for text) to appear once the page loaded. */
  public Duration waitTimeout() {
    return timeout.dividedBy(3);
  }

  /** Past this, a render that has not returned is cut by restarting the browser. */
  public Duration hardTimeout() {
    return timeout.plus(GRACE);
  }

  public RenderSettings withChromium(Path path) {
    return new RenderSettings(pagesAtOnce, timeout, restartAfter, path);
  }

  public RenderSettings withTimeout(Duration t) {
    return new RenderSettings(pagesAtOnce, t, restartAfter, chromium);
  }

  public RenderSettings withRestartAfter(int renders) {
    return new RenderSettings(pagesAtOnce, timeout, renders, chromium);
  }

  public RenderSettings withPagesAtOnce(int pages) {
    return new RenderSettings(pages, timeout, restartAfter, chromium);
  }

  private static String value(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static int integer(Map<String, String> env, String key, int fallback) {
    String v = value(env, key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key + " must be a whole number: " + v);
    }
  }
}
