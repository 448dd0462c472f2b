package dev.policymonitor.fetcher.render;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Limits of the fetcher's headless browser: four {@code POLICY_MONITOR_*} variables declared here ({@link #KEYS},
 * registered with the others in the launcher's registry and listed in {@code docs/configuration.md}).
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
  static final int MAX_RESTART_AFTER = 100_000;
  static final Duration MIN_TIMEOUT = Duration.ofSeconds(3);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  public static final ConfigKey<Integer> PAGES = ConfigKey.of(PAGES_ENV, ValueType.integer(1, MAX_PAGES), "2",
      "fetcher", "Pages the fetcher's headless browser renders at once (each adds a Playwright driver, ~180 MB); "
          + "more renders wait for a free page.");
  public static final ConfigKey<Duration> TIMEOUT = ConfigKey.of(TIMEOUT_ENV, ValueType.duration(true)
      .map("ISO-8601 duration PT3S..PT10M", RenderSettings::timeoutInRange), "PT30S", "fetcher",
      "Time one render may take: loading the page (2/3) and waiting for the declared select (1/3); a render still "
          + "running 10 s later is cut by restarting the browser.");
  public static final ConfigKey<Integer> RESTART_AFTER = ConfigKey.of(RESTART_AFTER_ENV,
      ValueType.integer(1, MAX_RESTART_AFTER), "100", "fetcher",
      "The headless browser is restarted after this many renders, to bound its memory.");
  public static final ConfigKey<Path> CHROMIUM = ConfigKey.of(CHROMIUM_ENV, ValueType.text().map("path", Path::of),
      DEFAULT_CHROMIUM.toString(), "fetcher",
      "The Chromium executable of the headless browser; without one, documents that need rendering get a "
          + "renderer-unavailable fetch error and the rest is fetched as usual.");

  /** Every key of the headless browser, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(PAGES, TIMEOUT, RESTART_AFTER, CHROMIUM);
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

  /** The defaults, with the browser's keys of {@code settings} applied. */
  public static RenderSettings from(Settings settings) {
    return new RenderSettings(settings.get(PAGES), settings.get(TIMEOUT), settings.get(RESTART_AFTER),
        settings.get(CHROMIUM));
  }

  /** {@link #from(Settings)} the browser's variables in {@code env} alone: tests and one-off wiring. */
  public static RenderSettings fromEnvironment(Map<String, String> env) {
    return from(Settings.of(KEYS, env));
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

  private static Duration timeoutInRange(Duration d) {
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("must be between " + MIN_TIMEOUT + " and " + MAX_TIMEOUT);
    }
    return d;
  }
}
