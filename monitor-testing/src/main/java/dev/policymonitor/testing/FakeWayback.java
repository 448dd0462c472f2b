package dev.policymonitor.testing;

import dev.policymonitor.model.Digests;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * A fake Wayback Machine speaking the real formats, for every module's tests: CDX search with
 * {@code output=json}, {@code fl}, {@code filter=statuscode:200}, {@code collapse=digest} (adjacent duplicates
 * only, as the real server), {@code from}/{@code to}, {@code limit} and {@code showResumeKey}/{@code resumeKey}
 * paging; raw captures at {@code /web/<timestamp>id_/<url>}. It records when each request arrived (on the clock
 * it is given), can answer 429 on demand, and can archive one capture of any URL asked for.
 *
 * <pre>
 * MockWebServer server = new MockWebServer();
 * server.setDispatcher(new FakeWayback());
 * </pre>
 */
public final class FakeWayback extends Dispatcher {
  /** One archived capture. */
  public record Capture(String timestamp, String url, String mimetype, byte[] body) {
    public String digest() {
      return Digests.sha1Base32(body);
    }
  }

  /** One request as the fake saw it, at {@code nanos} on the fake's clock. */
  public record Hit(String endpoint, long nanos, String path, int status) {}

  private final Map<String, List<Capture>> byUrl = new ConcurrentHashMap<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> throttleAfter = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private volatile Capture everyUrl;

  /** A fake that stamps requests with {@link System#nanoTime()}. */
  public FakeWayback() {
    this(System::nanoTime);
  }

  /** @param nanoClock the clock requests are stamped with (the fake clock of the rate limit under test) */
  public FakeWayback(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Archives {@code body} at {@code timestamp} for every URL, besides the captures added for a URL. */
  public FakeWayback archivingEveryUrl(String timestamp, String mimetype, byte[] body) {
    this.everyUrl = new Capture(timestamp, "*", mimetype, body);
    return this;
  }

  public void add(Capture c) {
    byUrl.computeIfAbsent(c.url(), u -> new CopyOnWriteArrayList<>()).add(c);
    byUrl.get(c.url()).sort(Comparator.comparing(Capture::timestamp));
  }

  /** The captures of {@code url}, oldest first. */
  public List<Capture> captures(String url) {
    List<Capture> own = byUrl.getOrDefault(url, List.of());
    Capture any = everyUrl;
    if (any == null || own.stream().anyMatch(c -> c.timestamp().equals(any.timestamp()))) {
      return List.copyOf(own);
    }
    List<Capture> all = new ArrayList<>(own);
    all.add(new Capture(any.timestamp(), url, any.mimetype(), any.body()));
    all.sort(Comparator.comparing(Capture::timestamp));
    return List.copyOf(all);
  }

  /** Loads an OTA demo service: every {@code .html} (versions and noise/), timestamps from the file names. */
  public void addService(Path dir, String url) {
    try (Stream<Path> files = Stream.concat(Files.list(dir), Files.isDirectory(dir.resolve("noise"))
        ? Files.list(dir.resolve("noise")) : Stream.empty())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
        add(new Capture(timestamp(f), url, "text/html", Files.readAllBytes(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 20250409T003004Z.html} -> {@code 20250409003004}. */
  public static String timestamp(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, 8) + name.substring(9, 15);
  }

  /** The next {@code n}-th request (1 = the very next) to {@code endpoint} gets a 429 without Retry-After. */
  public void throttle(String endpoint, int nth) {
    throttleAfter.put(endpoint, new AtomicInteger(nth));
  }

  /** Every request, in the order they were recorded. */
  public List<Hit> hits() {
    return List.copyOf(hits);
  }

  /** The requests to {@code endpoint} ({@code cdx}, {@code content}) in arrival order. */
  public List<Hit> hits(String endpoint) {
    return hits.stream().filter(h -> h.endpoint().equals(endpoint)).sorted(Comparator.comparingLong(Hit::nanos))
        .toList();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long now = nanoClock.getAsLong();
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    String endpoint = path.startsWith("/cdx/") ? "cdx" : path.startsWith("/web/") ? "content" : "other";
    AtomicInteger t = throttleAfter.get(endpoint);
    if (t != null && t.decrementAndGet() == 0) {
      throttleAfter.remove(endpoint);
      hits.add(new Hit(endpoint, now, path, 429));
      return new MockResponse.Builder().code(429).body("Too Many Requests").build();
    }
    MockResponse response = "cdx".equals(endpoint) ? cdx(url) : "content".equals(endpoint) ? content(request)
        : new MockResponse.Builder().code(404).build();
    hits.add(new Hit(endpoint, now, path, response.getCode()));
    return response;
  }

  private MockResponse cdx(HttpUrl url) {
    if (!"json".equals(url.queryParameter("output"))) {
      return new MockResponse.Builder().code(400).body("this fake speaks output=json only").build();
    }
    String target = url.queryParameter("url");
    String from = pad(url.queryParameter("from"), '0');
    String to = pad(url.queryParameter("to"), '9');
    List<String> fields = List.of(url.queryParameter("fl").split(","));
    boolean ok200 = url.queryParameterValues("filter").contains("statuscode:200");
    boolean collapse = "digest".equals(url.queryParameter("collapse"));
    int limit = url.queryParameter("limit") == null ? Integer.MAX_VALUE : Integer.parseInt(url.queryParameter("limit"));
    String resumeKey = url.queryParameter("resumeKey");
    List<Capture> rows = new ArrayList<>();
    String lastDigest = null;
    for (Capture c : captures(target)) {
      if (c.timestamp().compareTo(from) < 0 || c.timestamp().compareTo(to) > 0 || !ok200) {
        continue;
      }
      if (collapse && c.digest().equals(lastDigest)) {
        continue;
      }
      lastDigest = c.digest();
      rows.add(c);
    }
    int start = 0;
    if (resumeKey != null) {
      String ts = resumeKey.substring(resumeKey.lastIndexOf('+') + 1);
      while (start < rows.size() && rows.get(start).timestamp().compareTo(ts) < 0) {
        start++;
      }
    }
    List<List<String>> out = new ArrayList<>();
    if (start < rows.size() || start == 0) {
      out.add(fields);
    }
    int end = Math.min(rows.size(), start + limit);
    for (Capture c : rows.subList(Math.min(start, rows.size()), end)) {
      Map<String, String> values = new TreeMap<>(Map.of("timestamp", c.timestamp(), "original", c.url(),
          "statuscode", "200", "mimetype", c.mimetype(), "digest", c.digest(),
          "length", Integer.toString(c.body().length)));
      out.add(fields.stream().map(values::get).toList());
    }
    if (end < rows.size() && "true".equals(url.queryParameter("showResumeKey"))) {
      out.add(List.of());
      out.add(List.of(urlKey(target) + "+" + rows.get(end).timestamp()));
    }
    if (rows.isEmpty()) {
      out.clear();
    }
    try {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
          .body(Json.mapper().writeValueAsString(out)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse content(RecordedRequest request) {
    String target = request.getTarget(); // /web/<ts>id_/<url>
    String rest = target.substring("/web/".length());
    int slash = rest.indexOf('/');
    String ts = rest.substring(0, slash);
    if (!ts.endsWith("id_")) {
      return new MockResponse.Builder().code(400).body("this fake serves raw id_ captures only").build();
    }
    ts = ts.substring(0, ts.length() - 3);
    String original = rest.substring(slash + 1);
    for (Capture c : captures(original)) {
      if (c.timestamp().equals(ts)) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", c.mimetype() + "; charset=utf-8")
            .body(new Buffer().write(c.body())).build();
      }
    }
    return new MockResponse.Builder().code(404).body("not archived").build();
  }

  private static String pad(String ts, char with) {
    String t = ts == null ? "" : ts;
    return (t + String.valueOf(with).repeat(14)).substring(0, 14);
  }

  private static String urlKey(String url) {
    HttpUrl u = HttpUrl.get(url);
    List<String> parts = new ArrayList<>(List.of(u.host().split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(",", parts) + ")" + u.encodedPath();
  }
}
