package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertChannels;
import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.alerts.AlertsService;
import dev.policymonitor.app.observability.ConsumerLagMetrics;
import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.app.observability.PipelineMetrics;
import dev.policymonitor.app.observability.StreamsStateMetrics;
import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherRuntime;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.fetcher.targets.TargetAssignments;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.web.WebRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The running services of one JVM, started in data-path order (broker, topics, streams, alerts, fetcher)
 * and closed in reverse.
 */
final class Pipeline implements AutoCloseable {
  /** How often {@code policy.consumer.lag} is recomputed. */
  static final Duration LAG_REFRESH = Duration.ofSeconds(10);

  private final CloseStack closeables = new CloseStack("policy-monitor");
  private final KafkaClients clients;
  private final Observability observability = Observability.create();
  private StreamsService streams;
  private MonitorHttpServer http;

  private Pipeline(KafkaClients clients) {
    this.clients = clients;
  }

  static Pipeline start(String bootstrapServers, Path stateDir, int httpPort, VendorsConfig vendors,
      Set<Service> services, PrintStream out) {
    return start(bootstrapServers, stateDir, httpPort, vendors, services, out, System.getenv());
  }

  static Pipeline start(String bootstrapServers, Path stateDir, int httpPort, VendorsConfig vendors,
      Set<Service> services, PrintStream out, Map<String, String> env) {
    return start(bootstrapServers, stateDir, httpPort, vendors, services, out, env, DetectionSettings.defaults());
  }

  /**
   * @param env the {@code POLICY_MONITOR_*} settings: alert channels (see {@link AlertsConfig}) and fetcher
   *     politeness (see {@link FetcherConfig}), the fetcher's browser (see {@link RenderSettings}); all are checked
   *     before anything starts
   * @param detection change-detection settings of the streams service (revert window, classification rules)
   */
  static Pipeline start(String bootstrapServers, Path stateDir, int httpPort, VendorsConfig vendors,
      Set<Service> services, PrintStream out, Map<String, String> env, DetectionSettings detection) {
    AlertsConfig alertsConfig = services.contains(Service.ALERTS) ? AlertsConfig.from(env) : null;
    FetcherConfig fetcherConfig = services.contains(Service.FETCHER) ? FetcherConfig.fromEnvironment(env) : null;
    RenderSettings renderSettings = services.contains(Service.FETCHER) ? RenderSettings.fromEnvironment(env) : null;
    Pipeline p = null;
    EmbeddedKafkaBroker broker = null;
    try {
      if (bootstrapServers == null) {
        broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"));
        bootstrapServers = broker.bootstrapServers();
      }
      KafkaClients clients = KafkaClients.of(bootstrapServers);
      p = new Pipeline(clients);
      if (broker != null) {
        p.closeables.push(broker);
      }
      p.closeables.push(p.observability);
      out.println("bootstrap-servers: " + bootstrapServers);
      TopicsAdmin.ensure(clients);
      p.http = MonitorHttpServer.start(httpPort, new HealthCheck(clients, p::streamsState));
      p.closeables.push(p.http);
      Observability metrics = p.observability;
      p.http.route("/metrics", exchange -> MonitorHttpServer.send(exchange, 200, Observability.CONTENT_TYPE,
          metrics.scrape().getBytes(StandardCharsets.UTF_8)));
      out.println("http: " + p.http.baseUrl());
      if (services.contains(Service.STREAMS)) {
        HostInfo self = WebRoutes.advertised(URI.create(p.http.baseUrl()).getPort());
        // The extraction rules come from policy-targets (seeded by the fetcher from its vendors file).
        p.streams = new StreamsService(clients, stateDir.resolve("streams"), StreamsService.APPLICATION_ID,
            WebRoutes.streamsProperties(self), detection);
        p.closeables.push(p.streams);
        p.observability.bind(p.streams.metrics());
        WebRoutes.forStreams(p.streams.streams(), self).forEach(p.http::route);
        p.streams.start(Duration.ofSeconds(120));
        p.observability.bindStreams(p.streams.streams());
        p.observability.bind(new StreamsStateMetrics(p.streams.streams(), StreamsService.APPLICATION_ID));
        out.println("web: " + p.http.baseUrl());
      }
      if (services.contains(Service.ALERTS)) {
        List<AlertsService.Channel> channels = AlertChannels.build(alertsConfig, out);
        AlertsService alerts = new AlertsService(AlertsService.Settings.defaults(clients,
            alertsConfig.retry()), channels, p.observability.registry(), Clock.systemUTC());
        p.closeables.push(alerts);
        alerts.start();
        out.println("alerts: " + AlertChannels.describe(channels));
      }
      if (services.contains(Service.FETCHER)) {
        p.closeables.push(FetcherRuntime.start(clients, vendors.targets(),
            fetcherConfig, renderSettings, p.observability.registry(), out::println));
        p.observability.bind(new PipelineMetrics(vendors));
      }
      p.observability.bind(new ConsumerLagMetrics(clients, consumerGroups(services), LAG_REFRESH));
      return p;
    } catch (RuntimeException e) {
      if (p != null) {
        p.close();
      } else if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /** The consumer groups whose lag this process reports: those of the services it runs. */
  private static List<String> consumerGroups(Set<Service> services) {
    List<String> groups = new ArrayList<>();
    if (services.contains(Service.STREAMS)) {
      groups.add(StreamsService.APPLICATION_ID);
    }
    if (services.contains(Service.ALERTS)) {
      groups.add(AlertsService.GROUP_ID);
    }
    if (services.contains(Service.FETCHER)) {
      groups.add(TargetAssignments.GROUP_ID);
    }
    return groups;
  }

  /** The registry every service of this process registers its meters into (served as {@code /metrics}). */
  MeterRegistry registry() {
    return observability.registry();
  }

  /** The process's meters, for binding Kafka clients the services expose. */
  Observability observability() {
    return observability;
  }

  KafkaClients clients() {
    return clients;
  }

  String httpUrl() {
    return http.baseUrl();
  }

  /** The streams service of this process; null when it runs none. */
  StreamsService streams() {
    return streams;
  }

  private String streamsState() {
    return streams == null ? null : streams.streams().state().name();
  }

  @Override
  public void close() {
    closeables.close();
  }
}
