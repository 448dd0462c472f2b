package dev.policymonitor.fetcher.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium process that this fetcher started, with a fresh profile directory of its own and its
 * DevTools endpoint on loopback (a random port), which the page slots connect to. Closing it kills the process and
 * all its children and deletes the profile.
 */
final class ChromiumProcess implements AutoCloseable {
  /**
   * Flags for a closed network and a container: no sandbox (no user namespaces there), no GPU, no QUIC, no
   * first-run, background, component-update or sync traffic, /tmp instead of a small /dev/shm.
   */
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
      "--mute-audio", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0");
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumProcess.class);
  private static final String LISTENING = "DevTools listening on ";

  private final Process process;
  private final Path profile;
  private final String endpoint;

  private ChromiumProcess(Process process, Path profile, String endpoint) {
    this.process = process;
    this.profile = profile;
    this.endpoint = endpoint;
  }

  /**
   * Starts Chromium and waits for its DevTools endpoint.
   *
   * @throws RenderException {@link RenderException.Reason#UNAVAILABLE} when there is no executable at
   *     {@code binary} or it does not start within {@code startTimeout}
   */
  static ChromiumProcess launch(Path binary, Duration startTimeout) {
    if (!Files.isExecutable(binary)) {
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "no Chromium at " + binary + ": "
          + HeadlessBrowser.INSTALL_HINT);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("policy-monitor-chromium-");
    } catch (IOException e) {
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "cannot create a Chromium profile directory: "
          + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      deleteQuietly(profile);
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "cannot start Chromium at " + binary + ": "
          + e.getMessage() + "; " + HeadlessBrowser.INSTALL_HINT, e);
    }
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread reader = new Thread(() -> drain(process, endpoint, lastLines), "policy-chromium-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      String ws = endpoint.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("vendor=- document=- Chromium {} started (pid {}), DevTools on {}", binary, process.pid(),
          ws.replaceFirst("/devtools/.*", ""));
      return new ChromiumProcess(process, profile, ws);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      deleteQuietly(profile);
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "interrupted while Chromium started", e);
    } catch (ExecutionException | TimeoutException e) {
      kill(process);
      deleteQuietly(profile);
      String said;
      synchronized (lastLines) {
        said = String.join(" | ", lastLines);
      }
      throw new RenderException(RenderException.Reason.UNAVAILABLE, "Chromium at " + binary
          + " did not start within " + startTimeout + (said.isEmpty() ? "" : " (it said: " + said + ")"), e);
    }
  }

  private static void drain(Process process, CompletableFuture<String> endpoint, Deque<String> lastLines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int at = line.indexOf(LISTENING);
        if (at >= 0 && !endpoint.isDone()) {
          endpoint.complete(line.substring(at + LISTENING.length()).trim());
        } else {
          LOG.debug("vendor=- document=- chromium: {}", line);
        }
        synchronized (lastLines) {
          lastLines.addLast(line.length() > 300 ? line.substring(0, 300) : line);
          if (lastLines.size() > 5) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("vendor=- document=- chromium output closed: {}", e.toString());
    } finally {
      endpoint.completeExceptionally(new IOException("Chromium exited with code "
          + (process.isAlive() ? "?" : String.valueOf(process.exitValue()))));
    }
  }

  /** The DevTools WebSocket URL of the browser, for Playwright's {@code connectOverCDP}. */
  String endpoint() {
    return endpoint;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Resident memory (VmRSS, from /proc) of the browser and all its child processes, summed. */
  long rssBytes() {
    return ProcessMemory.rssBytes(process.toHandle());
  }

  @Override
  public void close() {
    kill(process);
    deleteQuietly(profile);
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a file Chromium still writes while it dies; the directory is in the temp dir anyway
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("vendor=- document=- cannot delete {}: {}", dir, e.toString());
    }
  }
}
