package dev.policymonitor.fetcher.render;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.FetchState;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.normalize.Normalizer;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per check, whether a document is fetched plainly or rendered in the browser:
 * <ul>
 *   <li>{@code render: browser}: rendered; {@code render: static}: plain, never rendered;</li>
 *   <li>no setting, and the fetch state says the fallback adopted it: rendered;</li>
 *   <li>no setting otherwise: plain; when a new plain page is a JavaScript shell (the normalizer's check), it is
 *   rendered once, and if the rendered page has text, that page is the snapshot and the document is rendered from
 *   then on (remembered in {@code policy-fetch-state}, so it survives restarts and moves with the document). If the
 *   rendered page has no text either, or the render failed, the plain shell is kept (extraction then says it is a
 *   shell); a missing browser is a {@code renderer-unavailable} fetch error, since the document cannot be watched
 *   without one.</li>
 * </ul>
 */
public final class RenderRouter {
  private static final Logger LOG = LoggerFactory.getLogger(RenderRouter.class);

  private final BrowserFetcher browser;
  private final FetchStateStore state;
  private final Clock clock;

  /**
   * @param browser the rendering fetcher, or null for a process without a browser: declared documents then fail
   *     with {@code renderer-unavailable} and shells are kept as they are
   */
  public RenderRouter(BrowserFetcher browser, FetchStateStore state, Clock clock) {
    this.browser = browser;
    this.state = state;
    this.clock = clock;
  }

  /** A router for a process without a browser (tests, one-off commands). */
  public static RenderRouter withoutBrowser(FetchStateStore state, Clock clock) {
    return new RenderRouter(null, state, clock);
  }

  /**
   * Checks {@code target} the way its setting and its history say.
   *
   * @param plain the plain HTTP check (retries and politeness included)
   * @param tokenTaken whether the caller took the host token for this check's first request
   */
  public FetchResult fetch(Target target, FetchState known, boolean tokenTaken, Supplier<FetchResult> plain) {
    RenderMode mode = target.declaration().render();
    if (mode == RenderMode.STATIC) {
      return plain.get();
    }
    if (mode == RenderMode.BROWSER) {
      return render(target, Rendering.DECLARED, tokenTaken);
    }
    if (known.rendersByFallback()) {
      return render(target, Rendering.FALLBACK, tokenTaken);
    }
    FetchResult result = plain.get();
    if (!(result instanceof FetchResult.Fetched f) || f.snapshot().digest().equals(known.latestDigest())
        || !isShell(f.snapshot())) {
      return result;
    }
    PolicyKey key = target.key();
    if (browser == null) {
      LOG.warn("vendor={} document={} the page is a JavaScript shell and this process has no browser to render it",
          key.vendor(), key.document());
      return result;
    }
    LOG.info("vendor={} document={} the plain page is a JavaScript shell: rendering it in the browser once",
        key.vendor(), key.document());
    FetchResult rendered = browser.fetch(target, Rendering.FALLBACK, false);
    if (rendered instanceof FetchResult.Fetched r) {
      if (isShell(r.snapshot())) {
        browser.browser().metrics().failed(RenderException.Reason.NO_TEXT);
        LOG.warn("vendor={} document={} the rendered page shows no text either; keeping the plain page",
            key.vendor(), key.document());
        return result;
      }
      state.update(key, s -> s.withRenderSince(clock.instant()));
      LOG.info("vendor={} document={} the rendered page has the text: the document is rendered in the browser "
          + "from now on (automatic fallback; render: static in its declaration turns this off)", key.vendor(),
          key.document());
      return rendered;
    }
    if (rendered instanceof FetchResult.Failed e && e.error().kind() == FetchErrorKind.RENDERER_UNAVAILABLE) {
      return rendered;
    }
    LOG.warn("vendor={} document={} rendering the JavaScript shell failed, keeping the plain page: {}",
        key.vendor(), key.document(), rendered instanceof FetchResult.Failed e ? e.error().message() : rendered);
    return result;
  }

  private FetchResult render(Target target, Rendering why, boolean tokenTaken) {
    if (browser == null) {
      return new FetchResult.Failed(new FetchError(target.vendor(), target.declaration().type(), target.url(),
          SnapshotSource.LIVE, FetchErrorKind.RENDERER_UNAVAILABLE, 0, 1, false,
          "the document is rendered in a browser and this process runs none", clock.instant()));
    }
    return browser.fetch(target, why, tokenTaken);
  }

  private static boolean isShell(Snapshot s) {
    return Normalizer.isJavaScriptShell(s.body(), s.contentType(), s.charset(), s.url());
  }
}
