package dev.policymonitor.app;

import dev.policymonitor.runtime.config.Settings;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code policy-monitor fetcher}: the fetcher service alone, against a Kafka cluster. */
@Command(name = "fetcher", mixinStandardHelpOptions = true,
    description = "Run the fetcher service alone against --bootstrap-servers (scale it on its own): it writes the "
        + "vendors file to policy-targets and polls its share of the documents.")
final class FetcherCommand implements Callable<Integer> {
  @Mixin ServiceOptions.Cluster cluster;
  @Mixin ServiceOptions.Vendors vendors;
  @Mixin ServiceOptions.Http http;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String bootstrap = cluster.require("fetcher");
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    Pipeline pipeline = Launch.of(EnumSet.of(Service.FETCHER), settings)
        .cluster(bootstrap).kafka(cluster.kafka(settings, spec.commandLine().getErr())).http(http.endpoint())
        .vendors(vendors.vendors(settings)).start(System.out);
    return Foreground.runUntilStopped(pipeline);
  }
}
