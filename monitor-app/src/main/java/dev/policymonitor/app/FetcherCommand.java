package dev.policymonitor.app;

import dev.policymonitor.streams.DetectionSettings;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code policy-monitor fetcher}: the fetcher service alone, against a Kafka cluster. */
@Command(name = "fetcher", mixinStandardHelpOptions = true,
    description = "Run the fetcher service alone against --bootstrap-servers (scale it on its own).")
final class FetcherCommand implements Callable<Integer> {
  @Mixin ServiceOptions options;

  @Override
  public Integer call() {
    String bootstrap = options.requireBootstrapServers("fetcher");
    Pipeline pipeline = Pipeline.start(bootstrap, options.stateDir, options.http(), options.vendors(),
        EnumSet.of(Service.FETCHER), System.out, System.getenv(), DetectionSettings.defaults());
    return Foreground.runUntilStopped(pipeline);
  }
}
