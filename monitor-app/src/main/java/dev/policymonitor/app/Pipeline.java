package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertFormatter;
import dev.policymonitor.alerts.AlertsService;
import dev.policymonitor.alerts.ConsoleAlertSink;
import dev.policymonitor.app.observability.ConsumerLagMetrics;
import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.app.observability.PipelineMetrics;
import dev.policymonitor.app.observability.StreamsStateMetrics;
import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.PolicyFetcher;
import dev.policymonitor.fetcher.SnapshotPublisher;
import dev.policymonitor.model.TopicsAdmin;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.Declarations;
import dev.policymonitor.streams.StreamsService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The running services of one JVM, started in data-path order (broker, topics, streams, alerts, fetcher)
 * and closed in reverse.
 */
final class Pipeline implements AutoCloseable {
  static final String USER_AGENT = "policy-monitor/0.1 (+https://github.com/policy-monitor/policy-monitor)";
  /** How often {@code policy.consumer.lag} is recomputed. */
  static final Duration LAG_REFRESH = Duration.ofSeconds(10);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final String bootstrapServers;
  private final Observability observability = Observability.create();
  private StreamsService streams;
  private MonitorHttpServer http;

  private Pipeline(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  static Pipeline start(String bootstrapServers, Path stateDir, int httpPort, VendorsConfig vendors,
      Set<Service> services, PrintStream out) {
    Pipeline p = null;
    EmbeddedKafkaBroker broker = null;
    try {
      if (bootstrapServers == null) {
        broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"));
        bootstrapServers = broker.bootstrapServers();
      }
      p = new Pipeline(bootstrapServers);
      if (broker != null) {
        p.closeables.push(broker);
      }
      p.closeables.push(p.observability);
      out.println("bootstrap-servers: " + bootstrapServers);
      TopicsAdmin.ensure(bootstrapServers);
      p.http = MonitorHttpServer.start(httpPort, new HealthCheck(bootstrapServers, p::streamsState));
      p.closeables.push(p.http);
      Observability metrics = p.observability;
      p.http.route("/metrics", exchange -> MonitorHttpServer.send(exchange, 200, Observability.CONTENT_TYPE,
          metrics.scrape().getBytes(StandardCharsets.UTF_8)));
      out.println("http: " + p.http.baseUrl());
      if (services.contains(Service.STREAMS)) {
        p.streams = new StreamsService(bootstrapServers, stateDir.resolve("streams"), Declarations.of(vendors));
        p.closeables.push(p.streams);
        p.streams.start(Duration.ofSeconds(120));
        p.observability.bindStreams(p.streams.streams());
        p.observability.bind(new StreamsStateMetrics(p.streams.streams(), StreamsService.APPLICATION_ID));
      }
      if (services.contains(Service.ALERTS)) {
        AlertsService alerts = new AlertsService(bootstrapServers, AlertsService.GROUP_ID,
            List.of(new ConsoleAlertSink(out, new AlertFormatter())));
        p.closeables.push(alerts);
        alerts.start();
      }
      if (services.contains(Service.FETCHER)) {
        OkHttpClient client = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(60)).build();
        SnapshotPublisher publisher = new SnapshotPublisher(bootstrapServers);
        p.closeables.push(publisher);
        FetcherService fetcher = new FetcherService(new PolicyFetcher(client, USER_AGENT, Clock.systemUTC()),
            publisher, out::println);
        p.closeables.push(fetcher);
        fetcher.start(vendors.targets());
        p.observability.bind(new PipelineMetrics(vendors));
      }
      p.observability.bind(new ConsumerLagMetrics(bootstrapServers, consumerGroups(services), LAG_REFRESH));
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

  String bootstrapServers() {
    return bootstrapServers;
  }

  String httpUrl() {
    return http.baseUrl();
  }

  private String streamsState() {
    return streams == null ? null : streams.streams().state().name();
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        System.err.println("policy-monitor: error while stopping: " + e);
      }
    }
  }
}
