package dev.policymonitor.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chromium that browser tests drive: Debian's {@code /usr/bin/chromium}. Without it a test is skipped on a
 * developer machine (with a message saying how to install it) and fails in CI, where {@code .ci/run} installs it:
 * a browser test never passes silently there. "In CI" is the {@code CI} environment variable, which the build hands
 * to the tests as the system property {@code policy.monitor.ci} (root pom, Surefire).
 */
public final class Chromium {
  public static final Path DEFAULT = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** The executable; skips (not in CI) or fails (CI) the calling test when it is missing. */
  public static Path require() {
    if (Files.isExecutable(DEFAULT)) {
      return DEFAULT;
    }
    String why = "no Chromium at " + DEFAULT + " (apt-get install -y chromium)";
    if (inCi()) {
      fail("CI is set and the browser tests need Chromium: " + why + "; .ci/run installs it");
    }
    assumeTrue(false, "browser test skipped: " + why + "; in CI (CI set) this fails instead");
    return DEFAULT;
  }

  private static boolean inCi() {
    String ci = System.getProperty("policy.monitor.ci", "");
    return !ci.isBlank() && !ci.startsWith("${") && !ci.equalsIgnoreCase("false");
  }
}
