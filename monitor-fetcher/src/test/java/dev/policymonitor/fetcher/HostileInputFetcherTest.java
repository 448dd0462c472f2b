package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.LimitedBody;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus of the fetcher: each hostile response gives a snapshot (then judged by the normalizer:
 * {@code HostileInputTopologyTest}) or a fetch error whose message a person understands, never more than the body
 * cap in memory nor more than the call timeout in time, and the next document is fetched as usual. Prints, per
 * input, what it produced. The fetcher runs as in production: default 10 MiB cap, the SSRF guard on (the test's
 * own servers are allowed by address and port, as a vendors file's allowTargets would).
 */
class HostileInputFetcherTest {
  private static final String PAGE = "<html><body><p>We respect you.</p></body></html>";
  private static final long MIB = 1024 * 1024;

  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer internal = new MockWebServer();

  private final RecordingSink sink = new RecordingSink();
  private ServerSocket loris;
  private FetcherConfig config;
  private FetcherService service;

  @BeforeEach
  void start() throws IOException {
    loris = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    config = FetcherConfig.builder().hostRate(1000, Duration.ofSeconds(1))
        .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3))
        .allowTargets(TargetAllowList.parse(List.of("127.0.0.1:" + server.getPort(),
            "127.0.0.1:" + loris.getLocalPort())))
        .build();
    PoliteFetcher polite = new PoliteFetcher(new PolicyFetcher(HttpClients.create(config), config.userAgent(),
        config.maxBodyBytes(), Clock.systemUTC()), new HostRateLimiter(1000, Duration.ofSeconds(1)), config);
    service = new FetcherService(polite, sink, FetchStateStore.inMemory(),
        Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config, Clock.systemUTC(),
        line -> { }, FirstSightListener.NONE, new ManualScheduler());
  }

  @AfterEach
  void stop() throws IOException {
    service.close();
    loris.close();
  }

  /** Checks one document of the server, after queueing its responses, and prints what came of it. */
  private FetchResult check(String input, String path, MockResponse... responses) {
    for (MockResponse r : responses) {
      server.enqueue(r);
    }
    return check(input, "http://127.0.0.1:" + server.getPort() + path);
  }

  private FetchResult check(String input, String url) {
    int before = sink.snapshots.size() + sink.errors.size();
    long started = System.nanoTime();
    FetchResult result = service.check(new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", url),
        Duration.ofHours(1)));
    long ms = (System.nanoTime() - started) / 1_000_000;
    String produced = sink.snapshots.size() + sink.errors.size() == before ? "nothing published"
        : result instanceof FetchResult.Failed f ? f.error().kind().wire() + " after " + f.error().attempts()
            + " attempt(s): " + f.error().message()
        : "snapshot of " + sink.snapshots.get(sink.snapshots.size() - 1).body().length + " bytes, charset "
            + sink.snapshots.get(sink.snapshots.size() - 1).charset();
    System.out.printf("%-44s %6d ms -> %s%n", input, ms, produced);
    return result;
  }

  private static MockResponse html(byte[] body, String contentType) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType).body(new Buffer().write(body))
        .build();
  }

  private Snapshot lastSnapshot() {
    return sink.snapshots.get(sink.snapshots.size() - 1);
  }

  private FetchError lastError() {
    return sink.errors.get(sink.errors.size() - 1);
  }

  @Test
  void shouldGiveEachHostileResponseAClearOutcomeWithinItsBoundsAndGoOn() throws Exception {
    assertThat(check("empty body", "/empty", html(new byte[0], "text/html"))).isInstanceOf(FetchResult.Fetched.class);
    assertThat(lastSnapshot().body()).isEmpty(); // the normalizer refuses it: "empty body"

    check("NUL bytes", "/nul", html("<p>a\0b</p>".getBytes(StandardCharsets.UTF_8), "text/html"));
    assertThat(lastSnapshot().body()).contains(0); // the normalizer refuses it: "binary content: NUL byte"

    check("invalid UTF-8 (Latin-1 bytes declared UTF-8)", "/latin",
        html("<p>Donn\u00e9es \u00e0 prot\u00e9ger, s\u00e9curit\u00e9 et vie priv\u00e9e</p>"
            .getBytes(StandardCharsets.ISO_8859_1), "text/html; charset=utf-8"));
    assertThat(lastSnapshot().charset()).as("the bytes decide").isIn("ISO-8859-1", "windows-1252");

    String french = "<html><body><p>Nous prot\u00e9geons vos donn\u00e9es. Les donn\u00e9es collect\u00e9es sont "
        + "trait\u00e9es conform\u00e9ment \u00e0 la r\u00e9glementation europ\u00e9enne en vigueur.</p></body></html>";
    check("unknown charset (klingon-8)", "/klingon",
        html(french.getBytes(StandardCharsets.ISO_8859_1), "text/html; charset=klingon-8"));
    assertThat(lastSnapshot().charset()).isIn("ISO-8859-1", "windows-1252");

    check("image/png served for the policy", "/logo.png", new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "image/png").body(new Buffer().write(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
        .build());
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.UNSUPPORTED_TYPE);
    assertThat(lastError().kind().wire()).isEqualTo("unsupported-type");
    assertThat(lastError().message()).contains("image/png");
    assertThat(lastError().mayBeTransient()).isFalse();

    int snapshots = sink.snapshots.size();
    check("gzip bomb (64 MiB of zeros, 64 KiB on the wire)", "/bomb", new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/html").setHeader("Content-Encoding", "gzip")
        .body(new Buffer().write(gzip(new byte[64 * (int) MIB]))).build());
    assertThat(sink.snapshots).hasSize(snapshots);
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TOO_LARGE);
    assertThat(lastError().message()).contains("decompressed");

    byte[] fifty = new byte[50 * (int) MIB];
    java.util.Arrays.fill(fifty, (byte) 'x');
    check("50 MiB page with its Content-Length", "/big", html(fifty, "text/html"));
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TOO_LARGE);
    assertThat(lastError().message()).isEqualTo("Content-Length 52428800 is over the cap of 10485760 bytes");
    check("50 MiB page, chunked (no length)", "/big-chunked", new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/html").chunkedBody(new Buffer().write(fifty), 64 * 1024).build());
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TOO_LARGE);
    assertThat(lastError().message()).isEqualTo("body is larger than 10485760 bytes (decompressed)");

    byte[] underCap = new byte[10 * (int) MIB - 1024];
    java.util.Arrays.fill(underCap, (byte) 'y');
    check("page just under the 10 MiB cap", "/almost", html(underCap, "text/html"));
    assertThat(lastSnapshot().body()).hasSize(underCap.length);

    check("body stalls (read timeout)", "/stall", stalling(), stalling());
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TIMEOUT);
    assertThat(lastError().attempts()).isEqualTo(2);
    assertThat(lastError().message()).isEqualTo("timeout: the server sent nothing for longer than the read timeout "
        + "(1000 ms)");

    check("slow-loris body (a byte every 100 ms)", "/loris-body", trickling(), trickling());
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TIMEOUT);
    assertThat(lastError().message()).as("cut by the 3 s call timeout").isEqualTo("timeout: no complete answer "
        + "within the call timeout (3000 ms); the server answers too slowly");

    Thread trickler = trickleHeaders(loris);
    try {
      check("slow-loris headers (a byte every 100 ms)", "http://127.0.0.1:" + loris.getLocalPort() + "/p");
    } finally {
      trickler.interrupt();
    }
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TIMEOUT);
    assertThat(lastError().message()).startsWith("timeout: no complete answer within the call timeout (3000 ms)");

    MockResponse toB = new MockResponse.Builder().code(302).setHeader("Location", "/loop-b").build();
    MockResponse toA = new MockResponse.Builder().code(302).setHeader("Location", "/loop-a").build();
    MockResponse[] loop = new MockResponse[21];
    for (int i = 0; i < loop.length; i++) {
      loop[i] = i % 2 == 0 ? toB : toA;
    }
    check("redirect loop", "/loop-a", loop);
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.TOO_MANY_REDIRECTS);
    assertThat(lastError().attempts()).isEqualTo(1);

    internal.enqueue(new MockResponse.Builder().code(200).body("token=s3cr3t").build());
    check("redirect to a private address", "/to-internal", new MockResponse.Builder().code(301)
        .setHeader("Location", "http://127.0.0.1:" + internal.getPort() + "/admin").build());
    assertThat(lastError().kind()).isEqualTo(FetchErrorKind.FORBIDDEN_TARGET);
    assertThat(internal.getRequestCount()).isZero();

    assertThat(check("the next ordinary page", "/privacy", html(PAGE.getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8"))).isInstanceOf(FetchResult.Fetched.class);
    assertThat(new String(lastSnapshot().body(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
  }

  @Test
  void shouldStopDecodingAGzipBombLongBeforeItsEnd() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      byte[] mib = new byte[(int) MIB];
      for (int i = 0; i < 256; i++) {
        out.write(mib); // 256 MiB of zeros
      }
    }
    Buffer wire = new Buffer().write(compressed.toByteArray());
    long total = wire.size();
    long[] read = {0};
    var counting = new ForwardingSource(wire) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
          read[0] += n;
        }
        return n;
      }
    };
    assertThatThrownBy(() -> LimitedBody.read(Okio.buffer(counting), "gzip", MIB))
        .isInstanceOf(LimitedBody.TooLargeException.class);
    System.out.printf("gzip bomb: %,d of %,d compressed bytes read before the 1 MiB cap stopped it%n", read[0], total);
    assertThat(read[0]).as("compressed bytes read of %d", total).isLessThan(total / 10);
  }

  /** Headers, then a body that stops after 8 bytes for longer than the read timeout. */
  private static MockResponse stalling() {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body(PAGE)
        .throttleBody(8, 2, TimeUnit.SECONDS).build();
  }

  /** A body that never stalls long enough for the read timeout: only the call timeout ends it. */
  private static MockResponse trickling() {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("x".repeat(1000))
        .throttleBody(1, 100, TimeUnit.MILLISECONDS).build();
  }

  /** Answers every connection with a status line and then one header byte every 100 ms, forever. */
  private static Thread trickleHeaders(ServerSocket on) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try (Socket s = on.accept(); OutputStream out = s.getOutputStream()) {
          out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          while (!Thread.currentThread().isInterrupted()) {
            out.write('a');
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException e) {
          // the client gave up on this connection: wait for the next
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "slow-loris");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
