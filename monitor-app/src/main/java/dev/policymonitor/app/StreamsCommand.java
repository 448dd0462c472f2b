package dev.policymonitor.app;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code policy-monitor streams}: the streams service alone, against a Kafka cluster. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the streams service alone against --bootstrap-servers (scale it on its own).")
final class StreamsCommand implements Callable<Integer> {
  @Mixin ServiceOptions options;

  @Override
  public Integer call() {
    String bootstrap = options.requireBootstrapServers("streams");
    Pipeline pipeline = Pipeline.start(bootstrap, options.stateDir, options.http(), options.vendors(),
        EnumSet.of(Service.STREAMS), System.out, System.getenv(), options.detection());
    return Foreground.runUntilStopped(pipeline);
  }
}
