package dev.policymonitor.app;

import dev.policymonitor.runtime.config.Settings;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code policy-monitor streams}: the streams service alone, against a Kafka cluster. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the streams service alone against --bootstrap-servers (scale it on its own): it turns "
        + "snapshots into versions and changes with the extraction rules of policy-targets, and serves the web page "
        + "and query API.")
final class StreamsCommand implements Callable<Integer> {
  @Mixin ServiceOptions.Cluster cluster;
  @Mixin ServiceOptions.State state;
  @Mixin ServiceOptions.Http http;
  @Mixin ServiceOptions.Detection detection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String bootstrap = cluster.require("streams");
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    Pipeline pipeline = Launch.of(EnumSet.of(Service.STREAMS), settings)
        .cluster(bootstrap).kafka(cluster.kafka(settings, spec.commandLine().getErr())).stateDir(state.stateDir)
        .http(http.endpoint())
        .detection(detection.detection()).start(System.out);
    return Foreground.runUntilStopped(pipeline);
  }
}
