package dev.policymonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real Prometheus server (Debian's {@code prometheus} binary) on loopback, and {@code promtool}, for tests. */
final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String baseUrl;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusProcess(Process process, String baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /** The executable on the PATH, if installed. */
  static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts Prometheus with {@code config} on a free loopback port and waits until it is ready. */
  static PrometheusProcess start(Path config, Path workDir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = workDir.resolve("prometheus.log");
    Process p = new ProcessBuilder(binary("prometheus").orElseThrow().toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + workDir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusProcess prometheus = new PrometheusProcess(p, "http://127.0.0.1:" + port, log);
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + p.exitValue() + ": " + prometheus.log());
      }
      if (prometheus.ready()) {
        return prometheus;
      }
      Thread.sleep(200);
    }
    prometheus.close();
    throw new IllegalStateException("prometheus not ready within 60 s: " + prometheus.log());
  }

  /** {@code GET /api/v1/query?query=...}: the whole JSON answer ({@code status}, {@code data.result}, {@code error}). */
  JsonNode query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return JSON.readTree(r.body());
  }

  /** A GET on the Prometheus HTTP API, answered as JSON. */
  JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
    return JSON.readTree(get(pathAndQuery).body());
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean ready() throws InterruptedException {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code promtool ARGS...}; the exit code and the combined output. */
  static ToolResult promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary("promtool").orElseThrow(() -> new IllegalStateException("promtool not installed")).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new ToolResult(p.exitValue(), output);
  }

  record ToolResult(int exitCode, String output) {}

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
