package dev.policymonitor.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local HTTP/1.1 site {@code bench} polls: document {@code i} at {@code /d/i}, a {@link BenchPages} page with an
 * {@code ETag}, answered {@code 304} to a conditional GET that names it (keep-alive, as a vendor's server). Every
 * document shares the site's noise counter (a new value changes every page's HTML, not its text) and has its own
 * count of edits. Its threads are known, so the bench can take their CPU out of the monitor's.
 */
final class BenchSite implements AutoCloseable {
  private static final String THREAD_PREFIX = "bench-site-";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static {
    // The JDK server closes a connection idle for 30 s; a phase of 1,000 documents or more leaves the fetcher's
    // pooled connections idle longer than that, and the fetcher does not yet retry a stale pooled connection
    // transparently (issue 11): keep them open, the bench measures cost, not that.
    if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
      System.setProperty("sun.net.httpserver.idleInterval", "3600");
    }
  }

  private final BenchPages pages;
  private final HttpServer server;
  private final ExecutorService pool;
  private final AtomicIntegerArray edits;
  private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong full = new AtomicLong();
  private final AtomicLong notModified = new AtomicLong();
  private volatile int noise;

  private BenchSite(BenchPages pages, int documents, int threads) throws IOException {
    this.pages = pages;
    this.edits = new AtomicIntegerArray(documents);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(pool);
    server.createContext("/d/", this::serve);
  }

  static BenchSite start(BenchPages pages, int documents, int threads) {
    try {
      BenchSite site = new BenchSite(pages, documents, threads);
      site.server.start();
      return site;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the bench site", e);
    }
  }

  /** The URL of document {@code i}. */
  String url(int document) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/d/" + document;
  }

  /** A new noise value: every page's HTML changes, no page's text. */
  void newNoise() {
    noise++;
  }

  /** Document {@code i} gains one sentence. */
  void edit(int document) {
    edits.incrementAndGet(document);
  }

  /** Full answers (200) so far. */
  long full() {
    return full.get();
  }

  /** Answers 304 so far. */
  long notModified() {
    return notModified.get();
  }

  /** CPU time of the site's threads (its handlers and the server's dispatcher), nanoseconds. */
  long cpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (threadIds.contains(t.getId()) || t.getName().startsWith("HTTP-Dispatcher")) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  private void serve(HttpExchange exchange) throws IOException {
    threadIds.add(Thread.currentThread().getId());
    try (exchange) {
      int document;
      try {
        document = Integer.parseInt(exchange.getRequestURI().getPath().substring(3));
      } catch (NumberFormatException e) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (document < 0 || document >= edits.length()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      int seed = document % pages.seeds();
      int n = noise;
      int e = edits.get(document);
      String etag = BenchPages.etag(seed, n, e);
      exchange.getResponseHeaders().set("ETag", etag);
      if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      full.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, pages.size(seed, n, e));
      try (OutputStream body = exchange.getResponseBody()) {
        pages.write(seed, n, e, body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
