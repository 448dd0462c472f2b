package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad vendors file, routing file or {@code vendors add} option stops the command before anything starts (no
 * broker, no state directory), with exit code 2 and one line naming the file, the line and the reason.
 */
class ConfigValidationCliTest {
  private static final String DOCUMENT = """
      vendors:
        - id: acme
          documents:
            - type: privacy-policy
              url: https://acme.example/privacy
      """;

  private final CliRun cli = new CliRun();
  @TempDir Path dir;

  /** Runs {@code run} with {@code yaml} as its vendors file; returns the one line it printed. */
  private String runWithVendors(String yaml, String... more) throws IOException {
    Path vendors = Files.writeString(dir.resolve("vendors.yaml"), yaml);
    Path state = dir.resolve("state");
    cli.reset();
    String[] args = Stream.concat(Stream.of("run", "--config", vendors.toString(), "--state-dir", state.toString(),
        "--http-port", "0"), Stream.of(more)).toArray(String[]::new);
    assertThat(cli.run(args)).as(cli.err()).isEqualTo(2);
    assertThat(state).as("nothing started: no broker, no state").doesNotExist();
    String line = cli.err().strip();
    assertThat(line).doesNotContain("\n");
    System.out.println(line);
    return line;
  }

  @Test
  void shouldStopRunOnABadVendorsFileWithItsLineBeforeStartingAnything() throws IOException {
    String file = "policy-monitor: vendors file " + dir.resolve("vendors.yaml");
    assertThat(runWithVendors(DOCUMENT + "        select: [\"main >\"]\n"))
        .startsWith(file + ", line 6: vendors[0].documents[0].select[0]: not a valid CSS selector: 'main >'");
    assertThat(runWithVendors(DOCUMENT + "  - id: acme\n    documents: []\n"))
        .isEqualTo(file + ", line 6: vendor acme is declared twice (first on line 2)");
    assertThat(runWithVendors("pollInterval: PT0S\n" + DOCUMENT))
        .startsWith(file + ", line 1: pollInterval PT0S must be positive");
    assertThat(runWithVendors(DOCUMENT + "        pollInterval: -PT5S\n"))
        .startsWith(file + ", line 6: vendors[0].documents[0].pollInterval PT-5S must be positive");
    assertThat(runWithVendors(DOCUMENT.replace("    documents:", "    documnets:")))
        .startsWith(file + ", line 3: unknown key \"documnets\" at vendors[0].documnets");
    assertThat(runWithVendors(DOCUMENT.replace("https://acme.example/privacy", "http://169.254.169.254/latest/")))
        .startsWith(file + ", line 5: acme/privacy-policy: url http://169.254.169.254/latest/ is a forbidden target: "
            + "169.254.169.254 is a cloud metadata address");
  }

  @Test
  void shouldStopRunOnABadRoutingRuleBeforeStartingAnything() throws IOException {
    Path routing = Files.writeString(dir.resolve("alerts.yaml"), "routes:\n  - channel: console\n"
        + "    kinds: [changed]\n  - minSeverity: high\n");
    assertThat(runWithVendors(DOCUMENT, "--alerts-config", routing.toString())).isEqualTo("policy-monitor: alerts "
        + "routing file " + routing + ", line 4: routes[1]: the route names no channel (e.g. channel: slack)");
  }

  @Test
  void shouldCheckTheOptionsOfVendorsAddAsAVendorsFileIsChecked() {
    String[][] cases = {
        {"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"},
        {"http://10.0.0.1/", "10.0.0.1 is a private address (RFC 1918)"},
        {"http://192.168.1.1/", "192.168.1.1 is a private address (RFC 1918)"},
        {"http://[fd00::1]/", "fd00::1 is a unique-local address (fc00::/7)"},
        {"http://metadata.google.internal/", "metadata.google.internal is a cloud metadata name"},
        {"http://localhost:8080/", "localhost is a loopback name"},
        {"http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1] is 127.0.0.1, a loopback address"},
        {"http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"},
        {"http://0.0.0.0/", "0.0.0.0 is an unspecified address (0.0.0.0/8 or ::)"},
    };
    for (String[] c : cases) {
      cli.reset();
      assertThat(cli.run("vendors", "add", "--bootstrap-servers", "127.0.0.1:1", "--vendor", "acme", "--document",
          "privacy-policy", "--url", c[0])).as(c[0]).isEqualTo(2);
      assertThat(cli.err().strip()).isEqualTo("policy-monitor: --url " + c[0] + " is a forbidden target: " + c[1]
          + "; the fetcher reaches only public addresses; to fetch it anyway, list it under allowTargets in the "
          + "vendors file (or set POLICY_MONITOR_ALLOW_PRIVATE_TARGETS=true; cloud metadata endpoints only by an "
          + "exact allowTargets entry)");
    }
    cli.reset();
    assertThat(cli.run("vendors", "add", "--bootstrap-servers", "127.0.0.1:1", "--vendor", "acme", "--document",
        "privacy-policy", "--url", "https://acme.example/", "--select", "div[")).isEqualTo(2);
    assertThat(cli.err().strip()).startsWith("policy-monitor: not a valid CSS selector: 'div['");
    cli.reset();
    assertThat(cli.run("vendors", "add", "--bootstrap-servers", "127.0.0.1:1", "--vendor", "acme", "--document",
        "privacy-policy", "--url", "https://acme.example/", "--poll-interval", "-PT5S")).isEqualTo(2);
    assertThat(cli.err().strip()).isEqualTo("policy-monitor: --poll-interval must be positive: -PT5S");
  }

  @Test
  void shouldLetVendorsAddThroughWhatTheFetchersVendorsFileAllows() throws IOException {
    Path vendors = Files.writeString(dir.resolve("vendors.yaml"), "allowTargets: [10.0.0.0/8]\n");
    VendorsAddCommand add = new VendorsAddCommand();
    new picocli.CommandLine(add).parseArgs("--vendor", "acme", "--document", "privacy-policy", "--url",
        "http://10.1.2.3/privacy", "--config", vendors.toString());

    assertThat(add.target(add.targetPolicy(MonitorSettings.of(java.util.Map.of()))).url())
        .isEqualTo("http://10.1.2.3/privacy");
  }
}
