package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertChannels;
import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.Redriver;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policy-monitor alerts redrive}: re-sends the alerts waiting in {@code policy-alerts-dlq}. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
    description = "Re-send dead-lettered alerts from policy-alerts-dlq through the channels the POLICY_MONITOR_* "
        + "environment configures. Alerts already delivered are skipped, so running it twice sends nothing twice. "
        + "Exit code 1 when anything is left undelivered: an alert that still fails, or one skipped (its channel is "
        + "not configured here, or the input record was not a change); the summary says which and why.")
final class AlertsRedriveCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
      description = "Kafka cluster holding policy-alerts-dlq.")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafka;
  @Spec CommandSpec spec;

  @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel: slack, email, webhook, console.")
  String channel;

  @Override
  public Integer call() {
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    AlertsConfig config = AlertsConfig.from(settings);
    List<AlertSink> sinks = AlertChannels.sinks(config, System.out);
    if (channel != null && sinks.stream().noneMatch(s -> s.channel().equals(channel))) {
      throw new InvalidConfigException("channel '" + channel + "' is not configured; configured: "
          + sinks.stream().map(AlertSink::channel).toList());
    }
    try (ClusterConnection cluster = ClusterConnection.open(bootstrapServers,
        kafka.load(bootstrapServers, settings, spec.commandLine().getErr()), null, settings, System.out)) {
      PipelineTopics.create(cluster.clients(), settings);
      Redriver.Summary summary = new Redriver(cluster.clients(), AlertsTopics.defaults(), sinks, config.retry(),
          new SimpleMeterRegistry(), Clock.systemUTC(), System.out)
          .explainingUnconfigured(AlertChannels::howToConfigure).redrive(Optional.ofNullable(channel));
      return summary.leftUndelivered() ? 1 : 0;
    }
  }
}
