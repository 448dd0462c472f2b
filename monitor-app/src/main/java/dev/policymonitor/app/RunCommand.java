package dev.policymonitor.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policy-monitor run}: fetcher, streams and alerts in one JVM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run fetcher, streams and alerts in one JVM (an in-process Kafka broker unless "
        + "--bootstrap-servers is given).")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use. Without it, an in-process broker is started under --state-dir.")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafka;
  @Mixin ServiceOptions.Vendors vendors;
  @Mixin ServiceOptions.State state;
  @Mixin ServiceOptions.Http http;
  @Mixin ServiceOptions.Alerts alerts;
  @Mixin ServiceOptions.Detection detection;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var settings = alerts.apply(MonitorSettings.fromEnvironment(spec.commandLine().getErr()));
    Pipeline pipeline = Launch.all(settings).cluster(bootstrapServers)
        .kafka(kafka.load(bootstrapServers, settings, spec.commandLine().getErr())).stateDir(state.stateDir)
        .http(http.endpoint()).vendors(vendors.vendors(settings)).detection(detection.detection()).start(System.out);
    return Foreground.runUntilStopped(pipeline);
  }
}
