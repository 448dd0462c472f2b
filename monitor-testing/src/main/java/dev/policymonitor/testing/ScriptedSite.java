package dev.policymonitor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local site whose policy text exists only after JavaScript runs, for the rendering tests (JDK HTTP server on
 * loopback):
 * <ul>
 *   <li>{@code /policy}: an app shell (empty {@code #root}, a noscript notice, an image, a web font, a stylesheet)
 *   whose {@code /app.js} writes the policy into {@code #root} after {@link #delayMillis} ms; {@link #sentence} is
 *   the last paragraph and can be changed;</li>
 *   <li>{@code /static}: the same policy in plain HTML, no script;</li>
 *   <li>{@code /empty}: the same shell whose script never comes (404), so it stays empty;</li>
 *   <li>{@code /redirect}: 302 to {@code /policy};</li>
 *   <li>{@code /hang}: sends half a page, then nothing until the site closes;</li>
 *   <li>{@code /loop}: a script that loops forever before the page is parsed;</li>
 *   <li>{@code /late-loop}: the policy is there at once; half a second later a script loops forever;</li>
 *   <li>{@code /slow}: the shell whose script is held until {@link #slowGate} requests for it are in flight at
 *   once (at most {@link #slowMillis} ms); the most in flight at once is counted.</li>
 * </ul>
 * Every request is counted by path, split into browser requests (with {@code Sec-Fetch-Mode}) and plain ones.
 */
public final class ScriptedSite implements AutoCloseable {
  public static final String INTRO = "We collect your name, your email address and the pages you visit so that we "
      + "can provide the service, keep your account safe and answer your questions.";
  public volatile String sentence = "We never sell your personal data to advertisers.";
  public volatile int delayMillis = 300;
  public volatile int slowMillis = 5000;
  public volatile int slowGate = 2;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-site");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AtomicInteger> browserHits = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> plainHits = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger slowInFlight = new AtomicInteger();
  private final AtomicInteger slowMaxInFlight = new AtomicInteger();

  public ScriptedSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests the browser made for {@code path}. */
  public int browserHits(String path) {
    return browserHits.getOrDefault(path, new AtomicInteger()).get();
  }

  /** Requests for {@code path} that did not come from a browser (the plain HTTP fetcher). */
  public int plainHits(String path) {
    return plainHits.getOrDefault(path, new AtomicInteger()).get();
  }

  /** The most requests for {@code /slow.js} that were in progress at the same time. */
  public int slowMaxInFlight() {
    return slowMaxInFlight.get();
  }

  public static String shell(String script) {
    return "<!doctype html><html><head><title>Privacy Policy</title><link rel=\"stylesheet\" href=\"/style.css\">"
        + "<style>@font-face{font-family:brand;src:url(/brand.woff2)}body{font-family:brand}</style></head><body>"
        + "<img src=\"/logo.png\" alt=\"\"><div id=\"root\"></div>"
        + "<noscript>You need to enable JavaScript to run this app.</noscript>"
        + "<script src=\"" + script + "\"></script></body></html>";
  }

  /** The HTML the script writes into {@code #root}. */
  public String policyHtml() {
    return "<main><h1>Privacy Policy</h1><p>" + INTRO + "</p><p>" + sentence + "</p></main>";
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    boolean browser = ex.getRequestHeaders().containsKey("Sec-fetch-mode");
    (browser ? browserHits : plainHits).computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    switch (path) {
      case "/policy" -> send(ex, 200, "text/html; charset=utf-8", shell("/app.js"));
      case "/static" -> send(ex, 200, "text/html; charset=utf-8",
          "<!doctype html><html><head><title>Terms</title></head><body>" + policyHtml() + "</body></html>");
      case "/empty" -> send(ex, 200, "text/html; charset=utf-8", shell("/missing.js"));
      case "/slow" -> send(ex, 200, "text/html; charset=utf-8", shell("/slow.js"));
      case "/app.js" -> send(ex, 200, "text/javascript", script());
      case "/slow.js" -> {
        synchronized (slowInFlight) {
          int now = slowInFlight.incrementAndGet();
          slowMaxInFlight.accumulateAndGet(now, Math::max);
          slowInFlight.notifyAll();
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(slowMillis);
          try {
            // held until slowGate requests are in flight together (or slowMillis passed), then answered
            while (slowInFlight.get() < slowGate && closing.getCount() > 0 && System.nanoTime() < deadline) {
              slowInFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        try {
          send(ex, 200, "text/javascript", script());
        } finally {
          slowInFlight.decrementAndGet();
        }
      }
      case "/style.css" -> send(ex, 200, "text/css", "main { margin: 1em; }");
      case "/logo.png" -> send(ex, 200, "image/png", "not really a png");
      case "/brand.woff2" -> send(ex, 200, "font/woff2", "not really a font");
      case "/redirect" -> {
        ex.getResponseHeaders().add("Location", "/policy");
        send(ex, 302, "text/plain", "");
      }
      case "/hang" -> {
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write("<!doctype html><html><body><p>Loading".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
          closing.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
      }
      case "/loop" -> send(ex, 200, "text/html; charset=utf-8",
          "<!doctype html><html><body><div id=\"root\"></div><script>while (true) {}</script></body></html>");
      case "/late-loop" -> send(ex, 200, "text/html; charset=utf-8", "<!doctype html><html><body>" + policyHtml()
          + "<script>setTimeout(function () { while (true) {} }, 500);</script></body></html>");
      default -> send(ex, 404, "text/plain", "not found");
    }
  }

  private String script() {
    String html = policyHtml().replace("\\", "\\\\").replace("'", "\\'");
    return "setTimeout(function () { document.getElementById('root').innerHTML = '" + html + "'; }, "
        + delayMillis + ");";
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
