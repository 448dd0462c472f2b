package dev.policymonitor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.streams.SnapshotReprocessor;
import dev.policymonitor.streams.StreamsService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor reprocess}: re-derives every stored snapshot with the current normalizer and rules.
 * Snapshots are copied from {@code policy-snapshots} to {@code policy-reprocess}; the streams service emits a
 * technical-upgrade event for each known version whose text changes, and nothing else.
 */
@Command(name = "reprocess", mixinStandardHelpOptions = true,
    description = {"Re-derive every stored snapshot with the current normalizer and extraction rules.",
        "Emits technical-upgrade events (never alerts) only where a known version's text changes.",
        "With --bootstrap-servers, the streams service of that cluster does the work (it must be running);",
        "without it, the embedded broker and streams state under --state-dir are used (the extraction rules are",
        "those of policy-targets there)."})
final class ReprocessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterOptions kafka;



  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
      description = "How long to wait for the streams service to re-derive everything (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--no-wait", description = "Queue the snapshots and exit without waiting for the results.")
  boolean noWait;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    if (kafka.bootstrapServers == null) {
      try (Pipeline pipeline = Launch.of(EnumSet.of(Service.STREAMS), settings).stateDir(kafka.stateDir)
          .kafka(kafka.kafka.load(null, settings, spec.commandLine().getErr())).start(System.out)) {
        return reprocess(pipeline.clients(), out);
      }
    }
    try (ClusterConnection cluster = kafka.open(settings, System.out)) {
      PipelineTopics.create(cluster.clients(), settings);
      return reprocess(cluster.clients(), out);
    }
  }

  private int reprocess(KafkaClients clients, PrintWriter out) {
    try (SnapshotReprocessor reprocessor = new SnapshotReprocessor(clients)) {
      long total = reprocessor.count();
      Map<TopicPartition, Long> before = reprocessor.endOffsets(Topics.CHANGES.name());
      long step = Math.max(1, total / 20);
      long copied = reprocessor.copyAll(n -> {
        if (n % step == 0 || n == total) {
          out.println("reprocess: queued " + n + "/" + total + " snapshots");
          out.flush();
        }
      });
      if (noWait) {
        out.println("reprocess: " + copied + " snapshots queued on " + Topics.REPROCESS.name()
            + "; the streams service emits the technical-upgrade events");
        out.flush();
        return 0;
      }
      if (!reprocessor.awaitConsumed(StreamsService.APPLICATION_ID, timeout)) {
        spec.commandLine().getErr().println("policy-monitor: the streams service did not re-derive the "
            + copied + " snapshots within " + timeout + "; is it running? (the work stays queued)");
        return 1;
      }
      List<Change> upgrades = reprocessor.technicalUpgradesSince(before);
      for (Change c : upgrades) {
        out.println(json(c));
      }
      out.println("reprocess: " + copied + " snapshots re-derived, " + upgrades.size()
          + " technical-upgrade events");
      out.flush();
      return 0;
    }
  }

  private static String json(Change c) {
    try {
      return Json.mapper().writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write change " + c.changeId(), e);
    }
  }
}
