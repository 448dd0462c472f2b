package dev.policymonitor.alerts;

import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.email.EmailAlertSink;
import dev.policymonitor.alerts.email.EmailRenderer;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.alerts.slack.SlackAlertSink;
import dev.policymonitor.alerts.slack.SlackMessage;
import dev.policymonitor.alerts.webhook.HmacSigner;
import dev.policymonitor.alerts.webhook.WebhookAlertSink;
import dev.policymonitor.model.InvalidConfigException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/** Builds the channels the configuration turns on, each with its routing policy. */
public final class AlertChannels {
  static final String USER_AGENT = "policy-monitor-alerts/0.1";

  private AlertChannels() {}

  /**
   * The console (when {@code console} is not null) plus every channel whose environment key is set.
   *
   * @throws InvalidConfigException when the routing file names a channel that is not configured
   */
  public static List<AlertsService.Channel> build(AlertsConfig config, PrintStream console) {
    List<AlertSink> sinks = sinks(config, console);
    RoutingRules rules = config.alertsConfigFile()
        .map(f -> RoutingRules.load(f, config.minSeverity()))
        .orElseGet(() -> RoutingRules.defaults(config.minSeverity()));
    Set<String> configured = sinks.stream().map(AlertSink::channel).collect(Collectors.toCollection(TreeSet::new));
    Set<String> unknown = new TreeSet<>(rules.channelsNamed());
    unknown.removeAll(configured);
    unknown.remove(RoutingRules.CONSOLE);
    if (!unknown.isEmpty()) {
      throw new InvalidConfigException("the alerts routing file names channels that are not configured: "
          + unknown + " (configured: " + configured + "; set e.g. " + AlertsConfig.SLACK_WEBHOOK_URL.name() + ")");
    }
    List<AlertsService.Channel> channels = new ArrayList<>();
    for (AlertSink sink : sinks) {
      channels.add(new AlertsService.Channel(sink, rules.policyFor(sink.channel())));
    }
    return channels;
  }

  /** The sinks alone, by configuration: for {@code alerts redrive}, which needs no routing. */
  public static List<AlertSink> sinks(AlertsConfig config, PrintStream console) {
    List<AlertSink> sinks = new ArrayList<>();
    if (console != null) {
      sinks.add(new ConsoleAlertSink(console, new AlertFormatter()));
    }
    Duration timeout = config.retry().timeout();
    OkHttpClient client = new OkHttpClient.Builder()
        .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout.multipliedBy(2))
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("User-Agent", USER_AGENT).build()))
        .build();
    String baseUrl = config.baseUrl().orElse(null);
    config.slackWebhookUrl().ifPresent(url -> sinks.add(new SlackAlertSink(client, url, new SlackMessage(baseUrl))));
    config.smtp().ifPresent(smtp -> sinks.add(new EmailAlertSink(smtp, new EmailRenderer(baseUrl))));
    config.webhookUrl().ifPresent(url -> sinks.add(new WebhookAlertSink(client, url,
        config.webhookSecret().map(HmacSigner::new).orElse(null))));
    return sinks;
  }

  /** What turns {@code channel} on: {@code channel slack is not configured here: set POLICY_MONITOR_...}. */
  public static String howToConfigure(String channel) {
    String how = switch (channel) {
      case "slack" -> ": set " + AlertsConfig.SLACK_WEBHOOK_URL.name();
      case "webhook" -> ": set " + AlertsConfig.WEBHOOK_URL.name();
      case "email" -> ": set " + AlertsConfig.SMTP_HOST.name() + ", " + AlertsConfig.EMAIL_FROM.name() + " and "
          + AlertsConfig.EMAIL_TO.name();
      default -> "";
    };
    return "channel " + channel + " is not configured here" + how;
  }

  /** One line for the startup banner: {@code console, slack (hourly digest), email}. */
  public static String describe(List<AlertsService.Channel> channels) {
    return channels.stream().map(c -> c.name()
        + (c.policy().digest() == DigestSchedule.NONE ? ""
            : " (" + c.policy().digest().wire() + " digest)"))
        .collect(Collectors.joining(", "));
  }
}
