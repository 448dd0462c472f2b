package dev.policymonitor.app;

import dev.policymonitor.model.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code policy-monitor} command line: the whole pipeline in one JVM, or one service alone. */
@Command(name = "policy-monitor", mixinStandardHelpOptions = true, version = "policy-monitor 0.1.0",
    description = "Watches vendors' privacy policies and tells you exactly what changed.",
    subcommands = {RunCommand.class, DemoCommand.class, FetcherCommand.class, StreamsCommand.class,
        AlertsCommand.class, BackfillCommand.class, VendorsCommand.class, NormalizeCommand.class,
        ReplayCommand.class, EvaluateCommand.class, ReprocessCommand.class, BenchCommand.class,
        WebTokenCommand.class, BrokerCommand.class, CommandLine.HelpCommand.class})
public final class PolicyMonitor {
  /** Exit code for bad usage: an unknown option, a missing or invalid file. */
  public static final int USAGE_ERROR = 2;

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    // Policy text is Unicode: print UTF-8 whatever the platform's default charset is.
    cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
        java.nio.charset.StandardCharsets.UTF_8), true));
    cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
        java.nio.charset.StandardCharsets.UTF_8), true));
    System.exit(cli.execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PolicyMonitor());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof InvalidConfigException || e instanceof CommandLine.ParameterException) {
        cmd.getErr().println("policy-monitor: " + e.getMessage());
        return USAGE_ERROR;
      }
      cmd.getErr().println("policy-monitor: " + e.getMessage());
      return 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("policy-monitor: " + e.getMessage()
          + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return USAGE_ERROR;
    });
    return cli;
  }
}
