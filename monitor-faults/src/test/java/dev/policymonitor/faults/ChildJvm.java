package dev.policymonitor.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Java process of its own (a broker node or a service), restartable with the same command: {@link #kill()} is
 * SIGKILL ({@link Process#destroyForcibly()} on Linux), nothing of it runs afterwards. Its output goes to a log file
 * that every start appends to.
 */
final class ChildJvm implements AutoCloseable {
  /** Every child still running when this JVM exits (a failed or timed-out test) is killed with it. */
  private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
        "child-jvm-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private int starts;

  ChildJvm(String name, List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env,
      Path log) {
    this.name = name;
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(serviceClasspath());
    c.add(mainClass);
    c.addAll(args);
    this.command = List.copyOf(c);
    this.env = Map.copyOf(env);
    this.log = log;
  }

  /**
   * The classpath of the services: this module's test classpath (monitor-app and everything it needs) without the
   * test classes and monitor-testing, so the services log as in production ({@code logback.xml}).
   */
  static String serviceClasspath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(cp.split(File.pathSeparator))
        .filter(e -> !e.contains("monitor-testing") && !e.contains("monitor-faults"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running already");
    }
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== start " + (++starts) + " of " + name + "\n", java.nio.charset.StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("POLICY_MONITOR_"));
      pb.environment().putAll(env);
      process = pb.start();
      RUNNING.add(process);
      process.onExit().thenAccept(RUNNING::remove);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** SIGKILL, and waits until the process is gone. */
  synchronized void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  /** SIGTERM (a clean stop), then SIGKILL after 20 s. */
  synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitExit(20)) {
      kill();
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized String exitCode() {
    return process == null || process.isAlive() ? "running" : "exit code " + process.exitValue();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  private boolean awaitExit(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
