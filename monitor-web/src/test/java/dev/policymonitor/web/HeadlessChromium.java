package dev.policymonitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code /usr/bin/chromium}, headless, driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: no WebDriver, no browser download. Records every JavaScript dialog (alert) the page opens.
 * Public, and in monitor-web's test jar, for the browser tests of other modules (monitor-app's end-to-end flows).
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Debian's chromium; {@code -Dchromium.binary=PATH} points elsewhere (or at nothing, to see the skip). */
  public static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  public final List<String> dialogs = new CopyOnWriteArrayList<>();
  public final List<String> consoleErrors = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("policy-web-chromium-");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    CompletableFuture<String> browserUrl = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          Matcher m = DEVTOOLS.matcher(line);
          if (m.find()) {
            browserUrl.complete(m.group(1));
          }
        }
      } catch (IOException ignored) {
        // the browser exited
      }
      browserUrl.completeExceptionally(new IOException("chromium exited before DevTools was listening"));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      URI ws = URI.create(browserUrl.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      HttpClient http = HttpClient.newHttpClient();
      URI list = URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list");
      String pageUrl = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (pageUrl == null && System.nanoTime() < deadline) {
        JsonNode targets = Json.mapper().readTree(
            http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode t : targets) {
          if ("page".equals(t.path("type").asText())) {
            pageUrl = t.get("webSocketDebuggerUrl").asText();
          }
        }
        if (pageUrl == null) {
          Thread.sleep(100);
        }
      }
      if (pageUrl == null) {
        throw new IOException("chromium opened no page target");
      }
      Holder holder = new Holder();
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
          .buildAsync(URI.create(pageUrl), holder).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
      holder.browser = browser;
      browser.send("Page.enable", Map.of());
      browser.send("Runtime.enable", Map.of());
      return browser;
    } catch (Exception e) {
      process.destroyForcibly();
      deleteQuietly(profile);
      throw new IOException("cannot start chromium: " + e, e);
    }
  }

  /** Receives (possibly fragmented) DevTools messages. */
  private static final class Holder implements WebSocket.Listener {
    volatile HeadlessChromium browser;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        if (browser != null) {
          browser.onMessage(message);
        }
      }
      ws.request(1);
      return null;
    }
  }

  private void onMessage(String message) {
    try {
      JsonNode json = Json.mapper().readTree(message);
      if (json.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(json.get("id").asInt());
        if (f != null) {
          if (json.has("error")) {
            f.completeExceptionally(new IllegalStateException("CDP error: " + json.get("error")));
          } else {
            f.complete(json.get("result"));
          }
        }
        return;
      }
      String method = json.path("method").asText();
      if (method.equals("Page.javascriptDialogOpening")) {
        dialogs.add(json.path("params").path("message").asText());
        CompletableFuture.runAsync(() -> sendAsync("Page.handleJavaScriptDialog", Map.of("accept", true)));
      } else if (method.equals("Runtime.exceptionThrown")) {
        consoleErrors.add(json.path("params").path("exceptionDetails").toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletableFuture<JsonNode> sendAsync(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = Json.mapper().createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", Json.mapper().valueToTree(params));
    synchronized (socket) {
      socket.sendText(message.toString(), true).join();
    }
    return result;
  }

  public JsonNode send(String method, Map<String, ?> params) {
    try {
      return sendAsync(method, params).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed: " + e, e);
    }
  }

  public void navigate(String url) {
    send("Page.navigate", Map.of("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value (awaiting promises). */
  public JsonNode eval(String expression) {
    JsonNode result = send("Runtime.evaluate",
        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Waits (up to 20 s) until the page says {@code expression} is true. */
  public void waitFor(String expression) {
    waitUntil(expression, () -> {
      try {
        return eval("Boolean(" + expression + ")").asBoolean();
      } catch (IllegalStateException e) {
        return false; // e.g. the page is navigating and has no context yet
      }
    });
  }

  private static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page never satisfied: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Clicks the centre of the first element matching {@code selector} with real mouse events. */
  public void click(String selector) {
    JsonNode box = eval("(() => { const e = document.querySelector(" + Json.mapper().valueToTree(selector)
        + "); if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    if (box == null || box.isNull() || box.isMissingNode()) {
      throw new IllegalStateException("nothing to click: " + selector);
    }
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(),
          "y", box.get("y").asDouble(), "button", "left", "clickCount", 1));
    }
  }

  /** Types {@code text} into the element {@code selector} names, as a keyboard would (focus, then input events). */
  public void type(String selector, String text) {
    eval("document.querySelector(" + Json.mapper().valueToTree(selector) + ").focus()");
    send("Input.insertText", Map.of("text", text));
  }

  /** Lets the page download files into {@code dir} (a link with {@code download}, an attachment). */
  public void allowDownloads(Path dir) {
    try {
      send("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
    } catch (IllegalStateException e) {
      send("Page.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
    }
  }

  /** Emulates a device width (a phone is 390 wide) or, with 0, goes back to the window size. */
  public void viewport(int width, int height, boolean mobile) {
    if (width == 0) {
      send("Emulation.clearDeviceMetricsOverride", Map.of());
    } else {
      send("Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }
  }

  /** Saves a PNG of the page (the whole page height when {@code fullPage}). */
  public void screenshot(Path file, boolean fullPage) throws IOException {
    Map<String, Object> params = new java.util.HashMap<>(Map.of("format", "png"));
    if (fullPage) {
      params.put("captureBeyondViewport", true);
      JsonNode size = eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})");
      params.put("clip", Map.of("x", 0, "y", 0, "width", size.get("w").asInt(),
          "height", Math.min(size.get("h").asInt(), 4000), "scale", 1));
    }
    JsonNode shot = send("Page.captureScreenshot", params);
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
  }

  @Override
  public void close() {
    try {
      sendAsync("Browser.close", Map.of()).get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is killed below anyway
    }
    socket.abort();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteQuietly(profile);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a temporary profile; the OS cleans it eventually
    }
  }
}
