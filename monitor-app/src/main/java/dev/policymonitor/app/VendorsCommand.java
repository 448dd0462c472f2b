package dev.policymonitor.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code policy-monitor vendors ...}: manage the tracked vendors and their documents. */
@Command(name = "vendors", mixinStandardHelpOptions = true,
    description = "Manage the tracked documents: add or remove them while the fetchers run (the compacted "
        + "policy-targets topic), or import Open Terms Archive declarations.",
    subcommands = {VendorsAddCommand.class, VendorsRemoveCommand.class, ImportOtaCommand.class})
final class VendorsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
