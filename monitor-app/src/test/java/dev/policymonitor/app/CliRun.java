package dev.policymonitor.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real {@code policy-monitor} command line in-process and keeps what it printed. */
final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Executes one command line; returns its exit code. Output accumulates across calls until {@link #reset}. */
  int run(String... args) {
    CommandLine cli = PolicyMonitor.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  void reset() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }
}
