package dev.policymonitor.app;

import dev.policymonitor.runtime.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of the one-shot commands that talk to Kafka: a cluster, or the embedded broker under the state directory. */
final class ClusterOptions {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use. Without it, the embedded broker under --state-dir is started for the "
          + "command (stop 'run' first, or give the address it printed).")
  String bootstrapServers;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".policy-monitor",
      description = "State directory of the embedded broker (and of the command's own progress) "
          + "(default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Mixin KafkaConfigOption kafka;
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /** Connects to the cluster, starting the embedded broker when no address was given. */
  ClusterConnection open(Settings settings, PrintStream out) {
    return ClusterConnection.open(bootstrapServers, kafka.load(bootstrapServers, settings,
        command.commandLine().getErr()), stateDir, settings, out);
  }
}
