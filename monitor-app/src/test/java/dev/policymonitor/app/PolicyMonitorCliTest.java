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
  void shouldRequireBootstrapServersForASingleService() {
    assertThat(cli.run("streams", "--http-port", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("give --bootstrap-servers HOST:PORT");
  }
}
