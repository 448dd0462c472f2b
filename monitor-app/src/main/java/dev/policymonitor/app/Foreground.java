package dev.policymonitor.app;

import java.util.concurrent.CountDownLatch;

/** Keeps a started pipeline in the foreground until Ctrl-C (or SIGTERM), then stops it cleanly. */
final class Foreground {
  private Foreground() {}

  static int runUntilStopped(Pipeline pipeline) {
    return runUntilStopped(pipeline, () -> { });
  }

  /** Like {@link #runUntilStopped(Pipeline)}, then runs {@code afterClose} once the pipeline is closed. */
  static int runUntilStopped(Pipeline pipeline, Runnable afterClose) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        pipeline.close();
        afterClose.run();
      } finally {
        stopped.countDown();
      }
    }, "policy-monitor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
