package dev.policymonitor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP endpoint that records every request and answers from a script: the stand-in for a Slack incoming
 * webhook, a generic alert webhook, or any receiver a test needs to count. It answers {@code 200 ok} unless told
 * otherwise ({@link #answerNext}, {@link #answerAlways}). Close it after the test ({@code @AutoClose}).
 *
 * <pre>
 * &#64;AutoClose final RecordingHttpEndpoint slack = RecordingHttpEndpoint.start();
 * slack.answerNext(Answer.status(429).withHeader("Retry-After", "1"));
 * ... POLICY_MONITOR_SLACK_WEBHOOK_URL = slack.url("/services/T/B/X")
 * slack.awaitRequests(2, Duration.ofSeconds(30));
 * </pre>
 */
public final class RecordingHttpEndpoint implements AutoCloseable {

  /** One request as received. */
  public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
    /** The first value of a header, whatever the case of its name; null when absent. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** One scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public Answer {
      headers = Map.copyOf(headers);
    }

    public static Answer ok() {
      return status(200).withBody("ok");
    }

    public static Answer status(int status) {
      return new Answer(status, Map.of(), "");
    }

    public Answer withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Answer(status, more, body);
    }

    public Answer withBody(String text) {
      return new Answer(status, headers, text);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private Answer always = Answer.ok();

  private RecordingHttpEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free port of the loopback interface. */
  public static RecordingHttpEndpoint start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint(server);
      server.createContext("/", endpoint::handle);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on the loopback interface: " + e.getMessage(), e);
    }
  }

  /** The absolute URL of {@code path} on this endpoint. */
  public String url(String path) {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
        + (path.startsWith("/") ? path : "/" + path);
  }

  /** The next requests get these answers, in order; then {@link #answerAlways} applies again. */
  public synchronized RecordingHttpEndpoint answerNext(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Every request after the scripted ones gets this answer. */
  public synchronized RecordingHttpEndpoint answerAlways(Answer answer) {
    always = answer;
    return this;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized int requestCount() {
    return requests.size();
  }

  /**
   * Waits until at least {@code count} requests have arrived and returns them all.
   *
   * @throws AssertionError naming what did arrive when {@code timeout} passes first
   */
  public synchronized List<Request> awaitRequests(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " requests at " + url("/") + " within " + timeout
            + ", got " + requests.size() + ": " + requests.stream().map(r -> r.method() + " " + r.path()).toList());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    Answer answer;
    synchronized (this) {
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          Map.copyOf(headers), body));
      answer = script.isEmpty() ? always : script.poll();
      notifyAll();
    }
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
