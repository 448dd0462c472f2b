package dev.policymonitor.fetcher.render;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.http.Validators;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.runtime.HttpStatusPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A check of one document in the headless browser: waits for its host's politeness token (unless the caller took
 * it), renders the page and turns its DOM into a snapshot marked {@code rendered}, or the failure into a fetch
 * error ({@code renderer-unavailable} with the install hint when there is no browser).
 */
public final class BrowserFetcher {
  private final HeadlessBrowser browser;
  private final HostRateLimiter limiter;
  private final String userAgent;
  private final RequestGuard guard;
  private final Clock clock;

  public BrowserFetcher(HeadlessBrowser browser, HostRateLimiter limiter, String userAgent, RequestGuard guard,
      Clock clock) {
    this.browser = browser;
    this.limiter = limiter;
    this.userAgent = userAgent;
    this.guard = guard;
    this.clock = clock;
  }

  public HeadlessBrowser browser() {
    return browser;
  }

  /**
   * Renders {@code target}'s page.
   *
   * @param tokenTaken true when the caller already took the host's politeness token for this request
   */
  public FetchResult fetch(Target target, Rendering why, boolean tokenTaken) {
    Instant started = clock.instant();
    if (!tokenTaken) {
      try {
        limiter.acquire(target.host());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(target, why, new RenderException(RenderException.Reason.FAILED, "interrupted"), started);
      }
    }
    RenderedPage page;
    try {
      page = browser.render(new RenderRequest(target.key(), target.url(), waitFor(target.declaration()), userAgent,
          why, guard));
    } catch (RenderException e) {
      return failed(target, why, e, started);
    }
    if (page.status() >= 400) {
      int code = page.status();
      FetchErrorKind kind = code == 403 || code == 406 || code == 429 ? FetchErrorKind.BLOCKED
          : code >= 500 ? FetchErrorKind.HTTP_5XX : FetchErrorKind.HTTP_4XX;
      return new FetchResult.Failed(new FetchError(target.vendor(), target.declaration().type(), target.url(),
          SnapshotSource.LIVE, kind, code, 1, HttpStatusPolicy.classify(code).retryable(),
          "HTTP " + code + " (rendered page)", clock.instant()));
    }
    Snapshot snapshot = new Snapshot(target.vendor(), target.declaration().type(), page.url(), SnapshotSource.LIVE,
        started, clock.instant(), page.status(), "text/html", "utf-8", null,
        page.html().getBytes(StandardCharsets.UTF_8), language(page.language()), why);
    return new FetchResult.Fetched(snapshot, new Validators(null, null));
  }

  /** The first tag of a {@code Content-Language} header, as the plain fetcher records it; null when none. */
  static String language(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String first = header.split(",", 2)[0].trim();
    return first.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*") ? first : null;
  }

  /**
   * The CSS selectors to wait for: every selector of the declared {@code select}, a range's anchors included (as
   * Open Terms Archive waits for them).
   */
  static List<String> waitFor(DocumentDeclaration declaration) {
    List<String> css = new ArrayList<>();
    for (Selector s : declaration.select()) {
      Stream.of(s.css(), s.startBefore(), s.startAfter(), s.endBefore(), s.endAfter())
          .filter(x -> x != null && !x.isBlank()).forEach(css::add);
    }
    return css;
  }

  /**
   * The kind of a navigation Chromium gave up on, from its net error ({@code net::ERR_SSL_PROTOCOL_ERROR at
   * https://...}): a TLS failure and a redirect loop are named as the plain fetcher names them (and are permanent for
   * the check); anything else is a connection failure.
   */
  static FetchErrorKind navigationFailure(String message) {
    String m = message == null ? "" : message;
    if (m.contains("net::ERR_TOO_MANY_REDIRECTS")) {
      return FetchErrorKind.TOO_MANY_REDIRECTS;
    }
    if (m.contains("net::ERR_SSL_") || m.contains("net::ERR_CERT_") || m.contains("net::ERR_BAD_SSL_")) {
      return FetchErrorKind.TLS;
    }
    return FetchErrorKind.CONNECTION;
  }

  private FetchResult failed(Target t, Rendering why, RenderException e, Instant at) {
    FetchErrorKind kind = switch (e.reason()) {
      case UNAVAILABLE -> FetchErrorKind.RENDERER_UNAVAILABLE;
      case TIMEOUT -> FetchErrorKind.TIMEOUT;
      // The request guard refused the page's navigation or a redirect of it: the SSRF guard's refusal.
      case BLOCKED -> FetchErrorKind.FORBIDDEN_TARGET;
      case FAILED -> navigationFailure(e.getMessage());
      default -> FetchErrorKind.CONNECTION;
    };
    String context = why == Rendering.DECLARED ? "render (declared render: browser): "
        : "render (the plain page is a JavaScript shell): ";
    String hint = kind == FetchErrorKind.FORBIDDEN_TARGET ? "; the fetcher reaches only public addresses; "
        + TargetPolicy.HOW_TO_ALLOW : "";
    boolean transientFailure = kind == FetchErrorKind.TIMEOUT || kind == FetchErrorKind.CONNECTION;
    return new FetchResult.Failed(new FetchError(t.vendor(), t.declaration().type(), t.url(), SnapshotSource.LIVE,
        kind, 0, 1, transientFailure, context + e.getMessage() + hint,
        at.isAfter(clock.instant()) ? at : clock.instant()));
  }
}
