package dev.policymonitor.app;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code policy-monitor run}: fetcher, streams and alerts in one JVM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run fetcher, streams and alerts in one JVM (an in-process Kafka broker unless "
        + "--bootstrap-servers is given).")
final class RunCommand implements Callable<Integer> {
  @Mixin ServiceOptions options;

  @Override
  public Integer call() {
    var vendors = options.vendors();
    Pipeline pipeline = Pipeline.start(options.bootstrapServers, options.stateDir, options.http(), vendors,
        EnumSet.allOf(Service.class), System.out, options.alertsEnvironment(), options.detection());
    return Foreground.runUntilStopped(pipeline);
  }
}
