package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PolicyMonitorCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PolicyMonitor.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldPrintHelpForEveryCommand() {
    for (String command : PolicyMonitor.commandLine().getSubcommands().keySet()) {
      if (command.equals("help")) {
        continue;
      }
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: policy-monitor " + command);
    }
  }

  @Test
  void shouldExitTwoWithOneLineOnAnUnknownOption() {
    assertThat(run("run", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString().strip()).contains("Unknown option: '--no-such-option'").doesNotContain("\n");
  }

  @Test
  void shouldExitTwoWithOneLineWhenTheConfigFileIsMissing() {
    assertThat(run("run", "--config", "/nonexistent/vendors.yaml", "--http-port", "0")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("policy-monitor: vendors file not found: /nonexistent/vendors.yaml");
  }

  @Test
  void shouldRequireBootstrapServersForASingleService() {
    assertThat(run("streams", "--http-port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("give --bootstrap-servers HOST:PORT");
  }
}
