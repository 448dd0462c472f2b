package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyMonitorCliTest {
  private final CliRun cli = new CliRun();

  @Test
  void shouldPrintHelpForEveryCommand() {
    for (String command : PolicyMonitor.commandLine().getSubcommands().keySet()) {
      if (command.equals("help")) {
        continue;
      }
      cli.reset();
      assertThat(cli.run(command, "--help")).as(command).isZero();
      assertThat(cli.out()).as(command).contains("Usage: policy-monitor " + command);
    }
  }

  @Test
  void shouldExitTwoWithOneLineOnAnUnknownOption() {
    assertThat(cli.run("run", "--no-such-option")).isEqualTo(2);
    assertThat(cli.err().strip()).contains("Unknown option: '--no-such-option'").doesNotContain("\n");
  }

  @Test
  void shouldExitTwoWithOneLineWhenTheConfigFileIsMissing() {
    assertThat(cli.run("run", "--config", "/nonexistent/vendors.yaml", "--http-port", "0")).isEqualTo(2);
    assertThat(cli.err().strip()).isEqualTo("policy-monitor: vendors file not found: /nonexistent/vendors.yaml");
  }

  @Test
  void shouldRequireBootstrapServersForASingleServiceAndSaySoInItsHelp() {
    for (String service : new String[] {"fetcher", "streams", "alerts"}) {
      cli.reset();
      assertThat(cli.run(service, "--http-port", "0")).as(service).isEqualTo(2);
      assertThat(cli.err()).as(service).contains("give --bootstrap-servers HOST:PORT");
      cli.reset();
      cli.run(service, "--help");
      assertThat(cli.out()).as(service).contains("--bootstrap-servers=HOST:PORT").contains("Required")
          .doesNotContain("in-process broker is started");
    }
  }

  @Test
  void shouldOfferEachServiceOnlyTheOptionsItUses() {
    assertThat(options("run")).contains("--bootstrap-servers", "--config", "--state-dir", "--http-port",
        "--alerts-config", "--classification-rules");
    assertThat(options("fetcher")).contains("--bootstrap-servers", "--config", "--http-port")
        .doesNotContain("--alerts-config", "--classification-rules", "--state-dir");
    assertThat(options("streams")).contains("--bootstrap-servers", "--state-dir", "--http-port",
        "--classification-rules").doesNotContain("--alerts-config", "--config");
    assertThat(options("reprocess")).doesNotContain("--config");
    assertThat(options("alerts")).contains("--bootstrap-servers", "--http-port", "--alerts-config")
        .doesNotContain("--config", "--classification-rules", "--state-dir");
    assertThat(cli.run("fetcher", "--bootstrap-servers", "127.0.0.1:1", "--alerts-config", "a.yaml")).isEqualTo(2);
    assertThat(cli.err()).contains("Unknown options: '--alerts-config', 'a.yaml'");
  }

  private static java.util.Set<String> options(String command) {
    return PolicyMonitor.commandLine().getSubcommands().get(command).getCommandSpec().options().stream()
        .map(o -> o.longestName()).collect(java.util.stream.Collectors.toSet());
  }
}
