package dev.policymonitor.app;

import dev.policymonitor.runtime.config.Settings;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code policy-monitor alerts}: the alerts service alone, against a Kafka cluster. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Run the alerts service alone against --bootstrap-servers (scale it on its own): it sends the "
        + "changes of policy-changes to the channels the POLICY_MONITOR_* environment configures.",
    subcommands = AlertsRedriveCommand.class)
final class AlertsCommand implements Callable<Integer> {
  @Mixin ServiceOptions.Cluster cluster;
  @Mixin ServiceOptions.Http http;
  @Mixin ServiceOptions.Alerts alerts;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String bootstrap = cluster.require("alerts");
    Settings settings = alerts.apply(MonitorSettings.fromEnvironment(spec.commandLine().getErr()));
    Pipeline pipeline = Launch.of(EnumSet.of(Service.ALERTS), settings)
        .cluster(bootstrap).kafka(cluster.kafka(settings, spec.commandLine().getErr())).http(http.endpoint())
        .start(System.out);
    return Foreground.runUntilStopped(pipeline);
  }
}
