package dev.policymonitor.fetcher.render;

import java.util.Locale;

/** A render that gave no page, and why (its {@link Reason} is the {@code reason} tag of the failure metric). */
public final class RenderException extends RuntimeException {
  /** Why a render failed. */
  public enum Reason {
    /** No browser: Chromium is not installed, or cannot start. */
    UNAVAILABLE,
    /** The page did not load within the navigation timeout, or the render had to be cut. */
    TIMEOUT,
    /** The request guard refused the page's navigation. */
    BLOCKED,
    /** The browser died during the render. */
    CRASHED,
    /** Anything else the browser reported (bad URL, refused connection, a download instead of a page). */
    FAILED,
    /** The automatic fallback rendered the page and it still had no text. */
    NO_TEXT;

    public String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Reason reason;

  public RenderException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RenderException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
