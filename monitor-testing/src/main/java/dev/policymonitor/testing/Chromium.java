package dev.policymonitor.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chromium that browser tests drive: {@code POLICY_MONITOR_CHROMIUM} or Debian's {@code /usr/bin/chromium}.
 * Without it a test is skipped on a developer machine (with a message saying how to install it) and fails in CI
 * ({@code CI} set), where {@code .ci/run} installs it: a browser test never passes silently there.
 */
public final class Chromium {
  public static final Path DEFAULT = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** The executable; skips (no {@code CI}) or fails (CI) the calling test when it is missing. */
  public static Path require() {
    String configured = System.getenv("POLICY_MONITOR_CHROMIUM");
    Path path = configured == null || configured.isBlank() ? DEFAULT : Path.of(configured.trim());
    if (Files.isExecutable(path)) {
      return path;
    }
    String why = "no Chromium at " + path + " (apt-get install -y chromium)";
    if (System.getenv("CI") != null) {
      fail("CI is set and the browser tests need Chromium: " + why + "; .ci/run installs it");
    }
    assumeTrue(false, "browser test skipped: " + why + "; in CI (CI set) this fails instead");
    return path;
  }
}
