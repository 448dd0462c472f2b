package dev.policymonitor.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test corpus checked in under {@code testdata/corpus} at the top of the repository (seed policies and Open
 * Terms Archive demo histories, with their attribution), found from any module's working directory.
 */
public final class Corpus {
  private static final Path RELATIVE = Path.of("testdata", "corpus");

  private Corpus() {}

  /** The corpus root; {@code -Dpolicy.monitor.corpus=DIR} points elsewhere. */
  public static Path root() {
    String override = System.getProperty("policy.monitor.corpus");
    if (override != null) {
      return Path.of(override);
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve(RELATIVE);
      if (Files.isDirectory(candidate) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(RELATIVE + " not found above " + dir + "; set -Dpolicy.monitor.corpus=DIR");
  }

  public static Path otaDemo(String service) {
    return root().resolve("ota-demo").resolve(service);
  }

  public static Path seeds() {
    return root().resolve("seeds");
  }

  /** A labelled history (captures plus {@code manifest.json}) or a group of them, e.g. {@code languages/fr-cityscoot}. */
  public static Path history(String relative) {
    return root().resolve(relative);
  }
}
