package dev.policymonitor.fetcher.render;

import dev.policymonitor.model.PolicyKey;
import java.net.URI;
import java.util.Objects;

/**
 * Asked before the rendered page makes any request: its navigation, every redirect of it, and every sub-request
 * (scripts, styles, XHR/fetch, frames). Images, fonts and media are refused before the guard is asked; WebSockets
 * are never opened. This is where address rules (no loopback, private or metadata addresses) and per-host
 * politeness for sub-requests belong: the fetcher runs {@link TargetRequestGuard}, its SSRF guard; {@link #ALLOW_ALL}
 * is the default of a bare {@link RenderRequest}. Called on the page's render thread: a
 * guard may block for a while (a politeness wait) but the time counts against the render's timeout.
 */
@FunctionalInterface
public interface RequestGuard {
  RequestGuard ALLOW_ALL = request -> Verdict.ALLOW;

  Verdict check(Request request);

  /**
   * One request the page is about to make.
   *
   * @param document the document being rendered
   * @param resourceType Playwright's resource type: document, script, stylesheet, xhr, fetch, ...
   * @param navigation true for the page's own navigation and each of its redirects
   */
  record Request(PolicyKey document, URI url, String resourceType, boolean navigation) {
    public Request {
      Objects.requireNonNull(url, "url");
    }
  }

  /** Allowed, or refused with a reason meant for people (it ends up in the fetch error of a refused navigation). */
  record Verdict(boolean allowed, String reason) {
    public static final Verdict ALLOW = new Verdict(true, null);

    public static Verdict refuse(String reason) {
      return new Verdict(false, Objects.requireNonNull(reason, "reason"));
    }
  }
}
