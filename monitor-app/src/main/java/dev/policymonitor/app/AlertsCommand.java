package dev.policymonitor.app;

import dev.policymonitor.streams.DetectionSettings;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code policy-monitor alerts}: the alerts service alone, against a Kafka cluster. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Run the alerts service alone against --bootstrap-servers (scale it on its own).",
    subcommands = AlertsRedriveCommand.class)
final class AlertsCommand implements Callable<Integer> {
  @Mixin ServiceOptions options;

  @Override
  public Integer call() {
    String bootstrap = options.requireBootstrapServers("alerts");
    Pipeline pipeline = Pipeline.start(bootstrap, options.stateDir, options.http(), options.vendors(),
        EnumSet.of(Service.ALERTS), System.out, options.alertsEnvironment(), DetectionSettings.defaults());
    return Foreground.runUntilStopped(pipeline);
  }
}
