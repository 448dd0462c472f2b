package dev.policymonitor.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared corpus ({@code ../shared/corpus} beside the repository) from any module's working directory. */
public final class Corpus {
  private Corpus() {}

  /** The corpus root; fails with a clear message when the shared folder is not beside the clone. */
  public static Path root() {
    String override = System.getProperty("policy.monitor.corpus");
    if (override != null) {
      return Path.of(override);
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("corpus");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/corpus not found above " + dir + "; set -Dpolicy.monitor.corpus=DIR");
  }

  public static Path otaDemo(String service) {
    return root().resolve("ota-demo").resolve(service);
  }

  public static Path seeds() {
    return root().resolve("seeds");
  }
}
