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
import dev.policymonitor.fetcher.targets.TargetAssignments;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.web.WebRoutes;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.server.ServerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running services of one JVM, started in data-path order (broker, topics, streams, alerts, fetcher)
 * and closed in reverse.
 */
final class Pipeline implements AutoCloseable {
  /** How often {@code policy.consumer.lag} is recomputed. */
  static final Duration LAG_REFRESH = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

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
   *     politeness (see {@link FetcherConfig}); both are checked before anything starts
   * @param detection change-detection settings of the streams service (revert window, classification rules)
   */
  static Pipeline start(String bootstrapServers, Path stateDir, int httpPort, VendorsConfig vendors,
      Set<Service> services, PrintStream out, Map<String, String> env, DetectionSettings detection) {
    return start(bootstrapServers, stateDir, HttpEndpoint.loopback(httpPort), vendors, services, out, env, detection);
  }

  /**
   * @param http where to serve the web routes (with {@link Service#STREAMS}), health and metrics; the web side's
   *     security settings come from {@code env} ({@link WebSecuritySettings}) and are checked before anything
   *     starts: a web page reachable from the network without authentication is refused
   */
  static Pipeline start(String bootstrapServers, Path stateDir, HttpEndpoint http, VendorsConfig vendors,
      Set<Service> services, PrintStream out, Map<String, String> env, DetectionSettings detection) {
    WebSecuritySettings security = WebSecuritySettings.fromEnvironment(env);
    ServerSettings serverSettings = http.serverSettings(security);
    WebAccess access = services.contains(Service.STREAMS)
        ? WebAccess.create(security, serverSettings.loopbackOnly(), Clock.systemUTC()) : null;
    AlertsConfig alertsConfig = services.contains(Service.ALERTS) ? AlertsConfig.from(env) : null;
    FetcherConfig fetcherConfig = services.contains(Service.FETCHER) ? FetcherConfig.fromEnvironment(env) : null;
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
      p.http = MonitorHttpServer.start(serverSettings, new HealthCheck(clients, p::streamsState), p.observability,
          access == null ? RequestGate.NONE : access);
      p.closeables.push(p.http);
      out.println("http: " + p.http.baseUrl());
      if (serverSettings.managementPort() != null) {
        out.println("management: " + p.http.managementUrl());
      }
      if (services.contains(Service.STREAMS)) {
        String where = serverSettings.bindAddress() + ":" + p.http.port();
        access.openAccessWarning(where).ifPresent(LOG::warn);
        if (bootstrapServers != null && broker == null) {
          access.sharedSecretWarning().ifPresent(LOG::warn); // other instances may share this cluster
        }
        HostInfo self = WebRoutes.advertised(p.http.port());
        // The extraction rules come from policy-targets (seeded by the fetcher from its vendors file).
        p.streams = new StreamsService(clients, stateDir.resolve("streams"), StreamsService.APPLICATION_ID,
            WebRoutes.streamsProperties(self), detection);
        p.closeables.push(p.streams);
        p.observability.bind(p.streams.metrics());
        p.http.mount(access.routes().with(WebRoutes.forStreams(p.streams.streams(), self,
            access.instanceCredentials())));
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
            fetcherConfig, p.observability.registry(), out::println));
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

  /** {@code http://host:port/} of {@code /health} and {@code /metrics}. */
  String managementUrl() {
    return http.managementUrl();
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
