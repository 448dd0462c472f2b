package dev.policymonitor.fetcher.render;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import com.microsoft.playwright.options.WaitUntilState;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page at a time in the shared browser: a thread of its own that owns a Playwright instance (Playwright for Java
 * is single-threaded), connected over CDP to the current {@link ChromiumProcess}. Each render gets a fresh browser
 * context (no cookies, cache or storage from other renders), closed when it ends. The request guard is asked
 * before every request the page makes (routing) and about every redirect hop as it happens.
 */
final class PageSlot implements AutoCloseable {
  /** Never fetched: a policy's text needs none of them. */
  static final Set<String> BLOCKED_TYPES = Set.of("image", "font", "media");
  /** Without a declared {@code select}, the page is taken once its body shows this much text. */
  static final int MIN_TEXT = 200;
  private static final Logger LOG = LoggerFactory.getLogger(PageSlot.class);
  private static final Pattern ANY = Pattern.compile(".*");
  private static final String READY = "sels => sels.length"
      + " ? sels.every(s => { try { return document.querySelector(s) !== null; } catch (e) { return false; } })"
      + " : document.body !== null && document.body.innerText.trim().length >= " + MIN_TEXT;

  private final ExecutorService thread;
  private Playwright playwright;
  private Browser browser;
  private long generation = -1;

  PageSlot(int index) {
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "policy-render-page-" + index);
      t.setDaemon(true);
      return t;
    });
  }

  /** Renders on this slot's thread; the caller waits on the future (with its own hard timeout). */
  Future<RenderedPage> submit(RenderRequest request, ChromiumProcess chromium, long generation,
      RenderSettings settings) {
    return thread.submit(() -> render(request, chromium, generation, settings));
  }

  private RenderedPage render(RenderRequest request, ChromiumProcess chromium, long gen, RenderSettings settings) {
    Browser b = connect(chromium, gen);
    BrowserContext context = b.newContext(new Browser.NewContextOptions().setAcceptDownloads(false)
        .setServiceWorkers(ServiceWorkerPolicy.BLOCK).setUserAgent(request.userAgent()).setViewportSize(1280, 1024));
    Refusals refusals = new Refusals();
    try {
      context.routeWebSocket(ANY, ws -> ws.close());
      context.route(ANY, route -> route(route, request, refusals));
      context.onRequest(r -> redirected(r, request, refusals));
      Page page = context.newPage();
      Response response;
      try {
        response = page.navigate(request.url(), new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED)
            .setTimeout(settings.navigationTimeout().toMillis()));
      } catch (TimeoutError e) {
        throw new RenderException(RenderException.Reason.TIMEOUT, "the page did not load within "
            + seconds(settings.navigationTimeout()));
      } catch (PlaywrightException e) {
        if (refusals.navigation != null) {
          throw new RenderException(RenderException.Reason.BLOCKED, "navigation refused: " + refusals.navigation);
        }
        throw new RenderException(RenderException.Reason.FAILED, firstLine(e), e);
      }
      refusals.throwIfRedirectRefused();
      boolean ready;
      try {
        page.waitForFunction(READY, request.waitFor(), new Page.WaitForFunctionOptions()
            .setTimeout(settings.waitTimeout().toMillis()).setPollingInterval(100));
        ready = true;
      } catch (TimeoutError e) {
        ready = false;
      }
      String html = page.content();
      refusals.throwIfRedirectRefused();
      if (refusals.count > 0) {
        LOG.debug("vendor={} document={} the guard refused {} request(s) of the page", request.document().vendor(),
            request.document().document(), refusals.count);
      }
      return new RenderedPage(page.url(), response == null ? 200 : response.status(), html, ready,
          response == null ? null : response.headerValue("content-language"));
    } finally {
      try {
        context.close();
      } catch (PlaywrightException e) {
        LOG.debug("vendor={} document={} closing the page: {}", request.document().vendor(),
            request.document().document(), firstLine(e));
      }
    }
  }

  private static void route(Route route, RenderRequest request, Refusals refusals) {
    Request r = route.request();
    if (BLOCKED_TYPES.contains(r.resourceType())) {
      route.abort("blockedbyclient");
      return;
    }
    boolean navigation = isMainNavigation(r);
    RequestGuard.Verdict verdict;
    try {
      verdict = request.guard().check(new RequestGuard.Request(request.document(), URI.create(r.url()),
          r.resourceType(), navigation));
    } catch (RuntimeException e) {
      verdict = RequestGuard.Verdict.refuse("the request guard failed on " + r.url() + ": " + e);
    }
    if (verdict.allowed()) {
      route.resume();
      return;
    }
    refusals.count++;
    if (navigation && refusals.navigation == null) {
      refusals.navigation = verdict.reason();
    }
    route.abort("blockedbyclient");
  }

  /**
   * Playwright's routing never sees the hops of a redirect: the guard is asked about each hop as the browser issues
   * it. The hop's request is already on its way then, so a refusal cannot stop it; it ends the render as blocked,
   * and nothing the refused address sent is kept. (Stopping hops before they leave needs a filtering proxy in front
   * of the browser; see docs/rendering.md.)
   */
  private static void redirected(Request r, RenderRequest request, Refusals refusals) {
    if (r.redirectedFrom() == null) {
      return;
    }
    RequestGuard.Verdict verdict;
    try {
      verdict = request.guard().check(new RequestGuard.Request(request.document(), URI.create(r.url()),
          r.resourceType(), isMainNavigation(r)));
    } catch (RuntimeException e) {
      verdict = RequestGuard.Verdict.refuse("the request guard failed on " + r.url() + ": " + e);
    }
    if (!verdict.allowed()) {
      refusals.count++;
      if (refusals.redirect == null) {
        refusals.redirect = verdict.reason();
      }
    }
  }

  private static boolean isMainNavigation(Request r) {
    try {
      return r.isNavigationRequest() && r.frame().parentFrame() == null;
    } catch (PlaywrightException e) {
      return false;
    }
  }

  /** Connects to this generation of the browser (once per generation; a restart made the old connection moot). */
  private Browser connect(ChromiumProcess chromium, long gen) {
    if (playwright == null) {
      try {
        playwright = Playwright.create(new Playwright.CreateOptions()
            .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      } catch (RuntimeException e) {
        throw new RenderException(RenderException.Reason.UNAVAILABLE, "cannot start the Playwright driver: "
            + firstLine(e), e);
      }
    }
    if (browser == null || generation != gen || !browser.isConnected()) {
      if (browser != null) {
        try {
          browser.close();
        } catch (PlaywrightException e) {
          LOG.debug("vendor=- document=- dropping the connection to the previous browser: {}", firstLine(e));
        }
      }
      browser = null;
      try {
        browser = playwright.chromium().connectOverCDP(chromium.endpoint(),
            new BrowserType.ConnectOverCDPOptions().setTimeout(15_000));
      } catch (PlaywrightException e) {
        throw new RenderException(chromium.alive() ? RenderException.Reason.FAILED : RenderException.Reason.CRASHED,
            "cannot connect to the browser: " + firstLine(e), e);
      }
      generation = gen;
    }
    return browser;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("Error {") && !l.equals("}"))
        .findFirst().orElse(m);
    return m.replaceFirst("^message='", "").replaceFirst("'$", "");
  }

  private static String seconds(Duration d) {
    return d.toMillis() / 1000.0 + " s";
  }

  /** Closes the Playwright driver of this slot on its thread, then stops the thread. */
  @Override
  public void close() {
    Future<?> closing = thread.submit(() -> {
      if (playwright != null) {
        playwright.close();
        playwright = null;
      }
    });
    try {
      closing.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("vendor=- document=- closing a page slot: {}", e.toString());
    }
    thread.shutdownNow();
  }

  /** What the guard refused during one render; touched only on the slot's thread. */
  private static final class Refusals {
    int count;
    String navigation;
    String redirect;

    void throwIfRedirectRefused() {
      if (redirect != null) {
        throw new RenderException(RenderException.Reason.BLOCKED, "redirect refused: " + redirect);
      }
    }
  }
}
