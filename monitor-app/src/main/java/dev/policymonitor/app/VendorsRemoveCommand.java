package dev.policymonitor.app;

import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.config.Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policy-monitor vendors remove}: stops tracking one document (a tombstone in policy-targets). */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Stop tracking a document: tombstones it in policy-targets; the fetcher that polls it stops.")
final class VendorsRemoveCommand implements Callable<Integer> {
  @Option(names = "--vendor", required = true, paramLabel = "ID", description = "Vendor id.")
  String vendor;

  @Option(names = "--document", required = true, paramLabel = "TYPE", description = "Document type.")
  String document;

  @Mixin ClusterOptions kafka;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PolicyKey key;
    try {
      key = new PolicyKey(vendor, document);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    try (ClusterConnection cluster = kafka.open(settings, System.out)) {
      PipelineTopics.create(cluster.clients(), List.of(Topics.TARGETS), settings);
      try (TargetsPublisher publisher = new TargetsPublisher(cluster.clients())) {
        publisher.remove(key);
      }
    }
    System.out.println("untracked " + key);
    return 0;
  }
}
