package dev.policymonitor.app;

import picocli.CommandLine.Command;

/** {@code policy-monitor vendors}: change which documents are tracked, while the fetchers run. */
@Command(name = "vendors", mixinStandardHelpOptions = true,
    description = "Add or remove tracked documents (the compacted policy-targets topic).",
    subcommands = {VendorsAddCommand.class, VendorsRemoveCommand.class})
final class VendorsCommand {
}
