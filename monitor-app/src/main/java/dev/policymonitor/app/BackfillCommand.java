package dev.policymonitor.app;

import dev.policymonitor.app.observability.Observability;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.SnapshotPublisher;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.wayback.BackfillProgress;
import dev.policymonitor.fetcher.wayback.BackfillProgressBar;
import dev.policymonitor.fetcher.wayback.BackfillSummary;
import dev.policymonitor.fetcher.wayback.WaybackBackfill;
import dev.policymonitor.fetcher.wayback.WaybackBudget;
import dev.policymonitor.fetcher.wayback.WaybackClient;
import dev.policymonitor.fetcher.wayback.WaybackConfig;
import dev.policymonitor.fetcher.wayback.WaybackMetrics;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.RequestGate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policy-monitor backfill}: publishes the Wayback Machine history of tracked documents as snapshots. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Backfill the Wayback Machine history of tracked documents into policy-snapshots "
        + "(source=wayback, captured-at = capture time), politely and resumably.")
final class BackfillCommand implements Callable<Integer> {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{4,14}");

  @Mixin ClusterOptions kafka;
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Vendors configuration (YAML): the documents to "
      + "backfill (unless --url), and its allowTargets, which also apply to the Wayback URL. Default: the seeds.")
  Path config;

  @Option(names = "--vendor", paramLabel = "ID", description = "Only this vendor.")
  String vendor;

  @Option(names = "--document", paramLabel = "TYPE", description = "Only this document type (with --vendor).")
  String document;

  @Option(names = "--url", paramLabel = "URL",
      description = "Backfill this URL for --vendor/--document (default document: privacy-policy).")
  String url;

  @Option(names = "--from", paramLabel = "DATE", description = "First capture date: YYYY-MM-DD or a CDX timestamp.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last capture date (inclusive): YYYY-MM-DD or a CDX timestamp.")
  String to;

  @Option(names = "--wayback-url", paramLabel = "URL",
      description = "Wayback Machine base URL (default: $POLICY_MONITOR_WAYBACK_URL or "
          + WaybackConfig.DEFAULT_URL + ").")
  String waybackUrl;

  @Option(names = "--http-port", paramLabel = "N",
      description = "Serve /metrics (Prometheus) and /health on this port while the backfill runs (0: any free "
          + "port). Default: no HTTP.")
  Integer httpPort;

  @Option(names = "--http-bind", paramLabel = "ADDRESS",
      description = "Address of that port (default: $POLICY_MONITOR_HTTP_BIND, else 127.0.0.1).")
  String httpBind;


  @Option(names = "--cdx-per-minute", paramLabel = "N", defaultValue = "24",
      description = "CDX request budget of this process (default: ${DEFAULT-VALUE}; IA's limit is 30).")
  int cdxPerMinute;

  @Option(names = "--content-per-second", paramLabel = "N", defaultValue = "8",
      description = "Capture download budget of this process (default: ${DEFAULT-VALUE}; IA's limit is 10).")
  int contentPerSecond;

  @Option(names = "--parallel-downloads", paramLabel = "N", defaultValue = "4",
      description = "Captures downloaded at once, within the content budget (default: ${DEFAULT-VALUE}).")
  int parallelDownloads;

  @Option(names = "--pause", paramLabel = "DURATION", defaultValue = "PT60S",
      description = "Pause of every Wayback request after a 429 or refused connection; doubles on repeats "
          + "(default: ${DEFAULT-VALUE}).")
  Duration pause;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    VendorsConfig vendors = vendors(settings);
    List<Target> targets = targets(vendors);
    String fromTs = timestamp("--from", from);
    String toTs = timestamp("--to", to);
    if (cdxPerMinute <= 0 || contentPerSecond <= 0 || parallelDownloads <= 0 || pause.isNegative()) {
      throw new InvalidConfigException("--cdx-per-minute, --content-per-second and --parallel-downloads must be "
          + "positive, --pause not negative");
    }
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      throw new InvalidConfigException("--http-port must be 0..65535: " + httpPort);
    }
    if (waybackUrl != null) {
      settings = settings.with(FetcherConfig.WAYBACK_URL, waybackUrl);
    }
    FetcherConfig fetcherConfig = FetcherConfig.from(settings).toBuilder().allowTargets(vendors.allowList()).build();
    fetcherConfig.requireFetchableWaybackUrl(waybackUrl != null ? "--wayback-url" : FetcherConfig.WAYBACK_URL.name());
    WaybackConfig wayback = WaybackConfig.defaults(fetcherConfig.waybackUrl())
        .withBudget(cdxPerMinute, contentPerSecond, pause).withDownloads(parallelDownloads);
    try (ClusterConnection cluster = kafka.open(settings, System.out);
        Observability observability = Observability.create();
        MonitorHttpServer http = httpPort == null ? null
            : metricsServer(settings, cluster.clients(), observability)) {
      KafkaClients clients = cluster.clients();
      PipelineTopics.create(clients, settings);
      try (FetchStateStore state = new FetchStateStore(clients);
          SnapshotPublisher sink = new SnapshotPublisher(clients)) {
        state.reload();
        WaybackMetrics metrics = new WaybackMetrics();
        observability.bind(metrics);
        FetcherMetrics fetcherMetrics = new FetcherMetrics(Clock.systemUTC());
        observability.bind(fetcherMetrics);
        WaybackBudget budget = new WaybackBudget(wayback, metrics);
        WaybackClient client = new WaybackClient(HttpClients.create(fetcherConfig), wayback,
            fetcherConfig.userAgent(), budget, metrics, fetcherConfig.maxBodyBytes());
        WaybackBackfill backfill = new WaybackBackfill(client, budget, wayback, sink, state,
            BackfillProgress.open(kafka.stateDir.resolve("wayback-backfill.json")),
            fetcherMetrics, Clock.systemUTC());
        BackfillSummary summary;
        try (BackfillProgressBar bar = new BackfillProgressBar(System.err, System.console() != null)) {
          summary = backfill.run(targets, fromTs, toTs, bar);
        }
        state.flush();
        System.out.println(summary.line());
        return summary.errors() == 0 ? 0 : 1;
      }
    }
  }

  /** {@code /metrics} and {@code /health} of this job, so that Prometheus can follow a long backfill. */
  private MonitorHttpServer metricsServer(Settings settings, KafkaClients clients, Observability observability) {
    MonitorHttpServer http = MonitorHttpServer.start(new HttpEndpoint(httpBind, httpPort, null)
        .serverSettings(WebSecuritySettings.from(settings)), new HealthCheck(clients, List::of), observability,
        RequestGate.NONE);
    System.out.println("http: " + http.baseUrl() + "metrics");
    return http;
  }

  /** The vendors file (its allowTargets also apply to the Wayback URL), or the defaults. */
  private VendorsConfig vendors(Settings settings) {
    return config == null ? VendorsConfig.defaults()
        : VendorsConfig.load(config, settings.get(FetcherConfig.ALLOW_PRIVATE_TARGETS));
  }

  private List<Target> targets(VendorsConfig vendors) {
    if (document != null && vendor == null) {
      throw new InvalidConfigException("--document needs --vendor");
    }
    if (url != null) {
      if (vendor == null) {
        throw new InvalidConfigException("--url needs --vendor (and optionally --document)");
      }
      VendorsConfig.requireHttpUrl(url, "--url");
      String type = document == null ? "privacy-policy" : document;
      try {
        new PolicyKey(vendor, type);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(e.getMessage());
      }
      return List.of(new Target(vendor, null, DocumentDeclaration.of(type, url), VendorsConfig.DEFAULT_POLL_INTERVAL));
    }
    List<Target> targets = vendors.targets().stream()
        .filter(t -> vendor == null || t.vendor().equals(vendor))
        .filter(t -> document == null || t.declaration().type().equals(document))
        .toList();
    if (targets.isEmpty()) {
      throw new InvalidConfigException("no tracked document matches" + (vendor == null ? "" : " --vendor " + vendor)
          + (document == null ? "" : " --document " + document));
    }
    return targets;
  }

  /** YYYY-MM-DD or 4-14 CDX digits -> CDX digits; null stays null. */
  static String timestamp(String option, String value) {
    if (value == null) {
      return null;
    }
    if (!DATE.matcher(value).matches()) {
      throw new InvalidConfigException(option + " must be YYYY-MM-DD or yyyyMMdd[HHmmss]: " + value);
    }
    return value.replace("-", "");
  }
}
