package dev.policymonitor.fetcher.render;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one headless Chromium of a fetcher process and the pages it renders, within limits: at most
 * {@link RenderSettings#pagesAtOnce()} pages at once (callers beyond wait for a free page), each render cut at
 * {@link RenderSettings#hardTimeout()} by restarting the browser, a restart after
 * {@link RenderSettings#restartAfter()} renders (once the pages in flight are done) and whenever the browser died.
 * The browser starts at the first render, so a fetcher with nothing to render never runs one. Without Chromium every
 * render fails at once with {@link RenderException.Reason#UNAVAILABLE} and the install hint.
 */
public final class HeadlessBrowser implements AutoCloseable {
  public static final String INSTALL_HINT = "install Chromium (Debian/Ubuntu: apt-get install chromium) or point "
      + RenderSettings.CHROMIUM_ENV + " at its executable";
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** After Chromium failed to start, it is not tried again for this long (every render fails at once meanwhile). */
  static final Duration RETRY_START_AFTER = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(HeadlessBrowser.class);
  private static final AtomicInteger SLOTS = new AtomicInteger();

  private final RenderSettings settings;
  private final RenderMetrics metrics;
  private final BlockingQueue<PageSlot> free;
  private final List<PageSlot> slots = new ArrayList<>();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock(true);
  private final AtomicInteger rendersOnThisBrowser = new AtomicInteger();
  private volatile ChromiumProcess chromium;
  private long generation;
  private volatile String pendingRestartReason;
  private RenderException startFailure;
  private long startFailedAt;
  private volatile boolean closed;

  public HeadlessBrowser(RenderSettings settings) {
    this.settings = settings;
    this.metrics = new RenderMetrics(this::memoryBytes);
    this.free = new ArrayBlockingQueue<>(settings.pagesAtOnce());
    for (int i = 0; i < settings.pagesAtOnce(); i++) {
      PageSlot slot = new PageSlot(SLOTS.incrementAndGet());
      slots.add(slot);
      free.add(slot);
    }
  }

  public RenderSettings settings() {
    return settings;
  }

  /** The browser's meters; bind them to the process registry. */
  public RenderMetrics metrics() {
    return metrics;
  }

  /**
   * Renders one page and returns its DOM.
   *
   * @throws RenderException why there is no page
   */
  public RenderedPage render(RenderRequest request) {
    if (closed) {
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "the browser is shut down");
    }
    PageSlot slot;
    try {
      slot = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderException(RenderException.Reason.FAILED, "interrupted while waiting for a free page", e);
    }
    try {
      ChromiumProcess browser;
      try {
        browser = acquire();
      } catch (RenderException e) {
        metrics.failed(e.reason());
        throw e;
      }
      long gen = generation;
      long started = System.nanoTime();
      try {
        return renderOn(slot, browser, gen, request);
      } catch (RenderException e) {
        metrics.failed(e.reason());
        throw e;
      } finally {
        metrics.rendered(request.why(), Duration.ofNanos(System.nanoTime() - started));
        rendersOnThisBrowser.incrementAndGet();
        lifecycle.readLock().unlock();
      }
    } finally {
      free.add(slot);
    }
  }

  private RenderedPage renderOn(PageSlot slot, ChromiumProcess browser, long gen, RenderRequest request) {
    Future<RenderedPage> page = slot.submit(request, browser, gen, settings);
    try {
      return page.get(settings.hardTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("vendor={} document={} render of {} did not return within {}: restarting the browser",
          request.document().vendor(), request.document().document(), request.url(), settings.hardTimeout());
      killHung(browser);
      try {
        page.get(15, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the call fails now that the browser is gone, which is all that was waited for
      }
      if (!page.isDone()) {
        LOG.error("vendor={} document={} a page thread did not come back after the browser was killed",
            request.document().vendor(), request.document().document());
      }
      throw new RenderException(RenderException.Reason.TIMEOUT, "the render did not finish within "
          + settings.hardTimeout().toSeconds() + " s; the browser was restarted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RenderException r) {
        throw r;
      }
      RenderException.Reason reason = browser.alive() ? RenderException.Reason.FAILED
          : RenderException.Reason.CRASHED;
      throw new RenderException(reason, (reason == RenderException.Reason.CRASHED ? "the browser died: " : "")
          + PageSlot.firstLine(cause), cause);
    } catch (InterruptedException e) {
      page.cancel(true);
      Thread.currentThread().interrupt();
      throw new RenderException(RenderException.Reason.FAILED, "interrupted while rendering", e);
    }
  }

  /** Returns the running browser with the read lock held; starts or restarts it first when needed. */
  private ChromiumProcess acquire() {
    lifecycle.readLock().lock();
    ChromiumProcess c = chromium;
    if (c != null && c.alive() && rendersOnThisBrowser.get() < settings.restartAfter()) {
      return c;
    }
    lifecycle.readLock().unlock();
    lifecycle.writeLock().lock();
    try {
      c = chromium;
      if (c == null || !c.alive() || rendersOnThisBrowser.get() >= settings.restartAfter()) {
        c = restart(c);
      }
      lifecycle.readLock().lock();
      return c;
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Called with the write lock held: no render is in flight. */
  private ChromiumProcess restart(ChromiumProcess old) {
    if (closed) {
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "the browser is shut down");
    }
    String reason = null;
    if (old != null) {
      reason = pendingRestartReason != null ? pendingRestartReason
          : old.alive() ? RenderMetrics.SCHEDULED : RenderMetrics.CRASHED;
      if (RenderMetrics.CRASHED.equals(reason)) {
        LOG.warn("vendor=- document=- the browser (pid {}) died; starting a new one", old.pid());
      } else {
        LOG.info("vendor=- document=- restarting the browser (pid {}): {} after {} render(s)", old.pid(), reason,
            rendersOnThisBrowser.get());
      }
      old.close();
      chromium = null;
      pendingRestartReason = null;
    }
    if (startFailure != null && System.nanoTime() - startFailedAt < RETRY_START_AFTER.toNanos()) {
      throw startFailure;
    }
    try {
      ChromiumProcess started = ChromiumProcess.launch(settings.chromium(), START_TIMEOUT);
      startFailure = null;
      chromium = started;
      generation++;
      rendersOnThisBrowser.set(0);
      if (reason != null) {
        metrics.restarted(reason);
      }
      return started;
    } catch (RenderException e) {
      startFailure = e;
      startFailedAt = System.nanoTime();
      LOG.warn("vendor=- document=- no browser for rendering: {}", e.getMessage());
      throw e;
    }
  }

  private void killHung(ChromiumProcess browser) {
    // No write lock here: the caller holds a read lock. Killing makes the hung call return; the next render
    // starts a new browser (counted as a restart of reason "hung").
    synchronized (this) {
      if (chromium == browser && browser.alive()) {
        pendingRestartReason = RenderMetrics.HUNG;
        browser.close();
      }
    }
  }

  /** Process id of the running browser, or -1. */
  public long browserPid() {
    ChromiumProcess c = chromium;
    return c != null && c.alive() ? c.pid() : -1;
  }

  /** Resident memory (RSS) of the running browser's processes, 0 when none runs. */
  public long memoryBytes() {
    ChromiumProcess c = chromium;
    return c != null && c.alive() ? c.rssBytes() : 0;
  }

  /** Proportional memory (PSS: shared pages split between processes) of the running browser, 0 when none runs. */
  public long proportionalMemoryBytes() {
    ChromiumProcess c = chromium;
    return c == null ? 0 : ProcessHandle.of(c.pid()).map(ProcessMemory::pssBytes).orElse(0L);
  }

  @Override
  public void close() {
    closed = true;
    slots.forEach(PageSlot::close);
    ChromiumProcess c = chromium;
    chromium = null;
    if (c != null) {
      c.close();
    }
  }
}
