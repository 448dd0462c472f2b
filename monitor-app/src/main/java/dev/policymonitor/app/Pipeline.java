package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertChannels;
import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.alerts.AlertsService;
import dev.policymonitor.app.observability.ConsumerLagMetrics;
import dev.policymonitor.app.observability.HealthMetrics;
import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.app.observability.PipelineMetrics;
import dev.policymonitor.app.observability.StreamsStateMetrics;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherRuntime;
import dev.policymonitor.fetcher.PreviewFetcher;
import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.fetcher.targets.TargetAssignments;
import dev.policymonitor.fetcher.wayback.WaybackLease;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.web.WebRoutes;
import dev.policymonitor.web.WorkflowRoutes;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.review.ReviewBook;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.vendors.VendorRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running services of one JVM: broker, topics, then the fetcher, streams and alerts, closed in reverse. The
 * topics are created here, once; the services assume them. Kafka holds what one service writes until the next reads
 * it, so they start in the order that resumes work soonest after a crash: the fetcher polls while streams restores
 * its stores (the snapshots wait in {@code policy-snapshots}) and alerts read their state back; {@code start}
 * returns once streams is RUNNING.
 */
final class Pipeline implements AutoCloseable {
  /** How often {@code policy.consumer.lag} is recomputed. */
  static final Duration LAG_REFRESH = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final CloseStack closeables = new CloseStack("policy-monitor");
  private final Observability observability = Observability.create();
  private final List<HealthIndicator> health = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Until every service has started, /health says so rather than judging the parts registered so far. */
  private static final List<HealthIndicator> STARTING = List.of(HealthIndicator.of("services",
      () -> Health.starting("starting")));
  private volatile boolean started;
  private KafkaClients clients;
  private StreamsService streams;
  private MonitorHttpServer http;
  private FetcherRuntime fetcher;
  private PreviewFetcher ownPreviews;

  private Pipeline() {}

  /**
   * Starts what {@code launch} asks for. The configuration of every service is checked before anything starts,
   * the web side's too: a web page reachable from the network without authentication is refused.
   *
   * @param out the console: the broker's and the web page's addresses, tracked documents, alerts
   */
  static Pipeline start(Launch launch, PrintStream out) {
    WebSecuritySettings security = WebSecuritySettings.from(launch.settings());
    ServerSettings server = launch.http().serverSettings(security);
    WebAccess access = launch.runs(Service.STREAMS)
        ? WebAccess.create(security, server.loopbackOnly(), Clock.systemUTC()) : null;
    AlertsConfig alertsConfig = launch.runs(Service.ALERTS) ? AlertsConfig.from(launch.settings()) : null;
    // The routing file (and the channels it names) is read here, so that a bad rule stops the start before the
    // broker, the topics or any service exist.
    List<AlertsService.Channel> channels = alertsConfig == null ? null : AlertChannels.build(alertsConfig, out);
    FetcherConfig fetcherConfig = launch.runs(Service.FETCHER) ? fetcherConfig(launch) : null;
    RenderSettings renderSettings = launch.runs(Service.FETCHER) ? RenderSettings.from(launch.settings()) : null;
    Pipeline p = new Pipeline();
    try {
      Path brokerDir = launch.bootstrapServers() == null ? launch.stateDir() : null;
      ClusterConnection cluster = p.closeables.push(ClusterConnection.open(launch.bootstrapServers(), launch.kafka(),
          brokerDir, launch.settings(), out));
      p.closeables.push(p.observability);
      p.clients = cluster.clients();
      if (!cluster.embedded()) {
        out.println("bootstrap-servers: " + p.clients.bootstrapServers());
      }
      PipelineTopics.create(p.clients, launch.settings());
      p.startHttp(server, access, out);
      // The fetcher first: after a restart, polling resumes while streams restores its stores.
      if (launch.runs(Service.FETCHER)) {
        p.fetcher = p.closeables.push(FetcherRuntime.start(p.clients, launch.vendors().targets(),
            fetcherConfig, renderSettings, p.observability.registry(), out::println));
        p.health.addAll(p.fetcher.health());
        p.observability.bind(new PipelineMetrics(launch.vendors()));
      }
      if (launch.runs(Service.STREAMS)) {
        access.openAccessWarning(server.bindAddress() + ":" + p.http.port()).ifPresent(LOG::warn);
        if (!cluster.embedded()) {
          access.sharedSecretWarning().ifPresent(LOG::warn); // other instances may share this cluster
        }
        p.startStreams(launch, access, security, fetcherConfig != null ? fetcherConfig : fetcherConfig(launch));
      }
      if (launch.runs(Service.ALERTS)) {
        AlertsService alerts = new AlertsService(AlertsService.Settings.defaults(p.clients,
            alertsConfig.retry()), channels, p.observability.registry(), Clock.systemUTC());
        p.closeables.push(alerts);
        p.health.addAll(alerts.health());
        alerts.start();
        out.println("alerts: " + AlertChannels.describe(channels));
      }
      if (launch.runs(Service.STREAMS)) {
        p.awaitStreams(out);
      }
      p.observability.bind(new ConsumerLagMetrics(p.clients, consumerGroups(launch), LAG_REFRESH));
      p.observability.bind(new HealthMetrics(p.health));
      p.started = true;
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /**
   * The fetcher's settings: the process's, with the vendors file's {@code allowTargets} for the SSRF guard; the
   * Wayback URL of first-sight backfill is checked against the same guard.
   */
  private static FetcherConfig fetcherConfig(Launch launch) {
    FetcherConfig config = FetcherConfig.from(launch.settings()).toBuilder()
        .allowTargets(launch.vendors().allowList()).build();
    if (config.backfillOnFirstSight()) {
      config.requireFetchableWaybackUrl(FetcherConfig.WAYBACK_URL.name());
    }
    return config;
  }

  private void startHttp(ServerSettings server, WebAccess access, PrintStream out) {
    http = closeables.push(MonitorHttpServer.start(server, new HealthCheck(clients,
        () -> started ? List.copyOf(health) : STARTING),
        observability, access == null ? RequestGate.NONE : access));
    out.println("http: " + http.baseUrl());
    if (server.managementPort() != null) {
      out.println("management: " + http.managementUrl());
    }
  }

  /** @param previewConfig the fetcher settings the web's previews fetch with and its vendor writes are checked by */
  private void startStreams(Launch launch, WebAccess access, WebSecuritySettings security,
      FetcherConfig previewConfig) {
    HostInfo self = WebRoutes.advertised(launch.settings(), http.port());
    // The extraction rules come from policy-targets (seeded by the fetcher from its vendors file).
    streams = closeables.push(new StreamsService(clients, launch.stateDir().resolve("streams"),
        StreamsService.APPLICATION_ID, WebRoutes.streamsProperties(self), launch.detection()));
    observability.bind(streams.metrics());
    ReviewBook reviews = closeables.push(ReviewBook.open(clients, Clock.systemUTC()));
    TargetsPublisher targets = closeables.push(new TargetsPublisher(clients));
    http.mount(access.routes()
        .with(VendorRoutes.forStreams(streams.streams(), self, access.instanceCredentials(), targets,
            () -> previews(previewConfig), launch.detection(), previewConfig.targetPolicy()))
        .with(WebRoutes.forStreams(streams.streams(), self, access.instanceCredentials()))
        .with(WorkflowRoutes.forStreams(streams.streams(), self, access.instanceCredentials(), reviews,
            security.publicUrl(), Clock.systemUTC())));
    health.add(streams.health());
    streams.start();
  }

  private void awaitStreams(PrintStream out) {
    streams.awaitRunning(Duration.ofSeconds(120));
    observability.bindStreams(streams.streams());
    observability.bind(new StreamsStateMetrics(streams.streams(), StreamsService.APPLICATION_ID));
    out.println("web: " + http.baseUrl());
  }

  /** The selector preview's fetcher: this process's fetcher's (its host budget), else one of its own. */
  private synchronized PreviewFetcher previews(FetcherConfig config) {
    if (fetcher != null) {
      return fetcher.previewFetcher();
    }
    if (ownPreviews == null) {
      ownPreviews = PreviewFetcher.create(config);
    }
    return ownPreviews;
  }

  /** The consumer groups whose lag this process reports: those of the services it runs. */
  private static List<String> consumerGroups(Launch launch) {
    List<String> groups = new ArrayList<>();
    if (launch.runs(Service.STREAMS)) {
      groups.add(StreamsService.APPLICATION_ID);
    }
    if (launch.runs(Service.ALERTS)) {
      groups.add(AlertsService.GROUP_ID);
    }
    if (launch.runs(Service.FETCHER)) {
      groups.add(TargetAssignments.GROUP_ID);
      if (FetcherConfig.from(launch.settings()).backfillOnFirstSight()) {
        groups.add(WaybackLease.GROUP_ID); // its lag: first-sight backfills waiting for the lease holder
      }
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

  @Override
  public void close() {
    closeables.close();
  }
}
