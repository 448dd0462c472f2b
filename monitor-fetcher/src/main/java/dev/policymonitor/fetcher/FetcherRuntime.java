package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.fetcher.render.BrowserFetcher;
import dev.policymonitor.fetcher.render.HeadlessBrowser;
import dev.policymonitor.fetcher.render.RenderRouter;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.fetcher.render.TargetRequestGuard;
import dev.policymonitor.fetcher.targets.TargetAssignments;
import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.fetcher.wayback.BackfillProgress;
import dev.policymonitor.fetcher.wayback.FirstSightBackfill;
import dev.policymonitor.fetcher.wayback.WaybackBackfill;
import dev.policymonitor.fetcher.wayback.WaybackBudget;
import dev.policymonitor.fetcher.wayback.WaybackClient;
import dev.policymonitor.fetcher.wayback.WaybackConfig;
import dev.policymonitor.fetcher.wayback.WaybackLease;
import dev.policymonitor.fetcher.wayback.WaybackMetrics;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.CloseStack;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.HealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live fetcher of one process, wired: the vendors file seeds {@code policy-targets} (the topics {@link #TOPICS}
 * must exist: the process creates them), then this
 * instance joins consumer group {@code policy-monitor-fetcher} and polls the documents of the partitions it is
 * assigned. Start as many processes as you like; Kafka splits the documents between them. The process has one
 * {@link WaybackBudget} (its meters are in the given registry); with
 * {@link FetcherConfig#backfillOnFirstSight()}, documents seen for the first time get their Wayback history
 * backfilled in the background: forwarded to {@link WaybackLease}, so that only one fetcher of the cluster (the
 * lease holder) makes Wayback requests, through its budget.
 */
public final class FetcherRuntime implements AutoCloseable {
  /** The topics the fetcher reads and writes. */
  public static final List<Topic<?, ?>> TOPICS = List.of(Topics.TARGETS, Topics.SNAPSHOTS, Topics.FETCH_ERRORS,
      FetchStateStore.TOPIC, WaybackLease.TOPIC);

  private final CloseStack closeables = new CloseStack("fetcher");
  private FetcherService service;
  private TargetAssignments assignments;
  private WaybackBudget waybackBudget;
  private PreviewFetcher previews;

  private FetcherRuntime() {}

  /**
   * Starts the fetcher.
   *
   * @param targets documents of the vendors file, seeded into policy-targets first: new or changed ones are written,
   *     and documents an earlier vendors file seeded that this one no longer lists are untracked (documents added
   *     with {@code vendors add} are kept)
   */
  public static FetcherRuntime start(KafkaClients clients, List<Target> targets, FetcherConfig config,
      MeterRegistry registry, Consumer<String> console) {
    return start(clients, targets, config, RenderSettings.defaults(), registry, console);
  }

  /**
   * Starts the fetcher with a headless browser for the documents that need one (started at the first render).
   *
   * @param render the browser's limits
   */
  public static FetcherRuntime start(KafkaClients clients, List<Target> targets, FetcherConfig config,
      RenderSettings render, MeterRegistry registry, Consumer<String> console) {
    if (config.backfillOnFirstSight()) {
      config.requireFetchableWaybackUrl(FetcherConfig.WAYBACK_URL.name());
    }
    FetcherRuntime r = new FetcherRuntime();
    try {
      try (TargetsPublisher publisher = new TargetsPublisher(clients)) {
        publisher.seed(targets).forEach(gone -> console.accept("untracked " + gone
            + ": no longer in the vendors file"));
      }
      FetchStateStore state = new FetchStateStore(clients);
      r.closeables.push(state);
      SnapshotPublisher sink = new SnapshotPublisher(clients);
      r.closeables.push(sink);
      r.closeables.push(sink.bindMetrics(registry));
      FetcherMetrics metrics = new FetcherMetrics(Clock.systemUTC());
      metrics.bindTo(registry);
      WaybackConfig waybackConfig = WaybackConfig.defaults(config.waybackUrl());
      WaybackMetrics waybackMetrics = new WaybackMetrics();
      waybackMetrics.bindTo(registry);
      r.waybackBudget = new WaybackBudget(waybackConfig, waybackMetrics);
      FirstSightListener firstSight = FirstSightListener.NONE;
      if (config.backfillOnFirstSight()) {
        WaybackClient client = new WaybackClient(HttpClients.create(config), waybackConfig, config.userAgent(),
            r.waybackBudget, waybackMetrics, config.maxBodyBytes());
        FirstSightBackfill backfill = new FirstSightBackfill(new WaybackBackfill(client, r.waybackBudget,
            waybackConfig, sink, state, BackfillProgress.inMemory(), metrics, Clock.systemUTC()), waybackMetrics);
        r.closeables.push(backfill);
        // Every fetcher forwards its first sights; the one holding the cluster's Wayback lease backfills them.
        firstSight = r.closeables.push(new WaybackLease(clients, backfill, r.waybackBudget).start());
        console.accept("wayback: first-sight backfill from " + waybackConfig.baseUrl()
            + " (by the fetcher holding the Wayback lease)");
      }
      PolicyFetcher fetcher = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
          Clock.systemUTC());
      HostRateLimiter limiter = new HostRateLimiter(config.hostRequests(), config.hostPeriod());
      PoliteFetcher polite = new PoliteFetcher(fetcher, limiter, config);
      HeadlessBrowser browser = new HeadlessBrowser(render);
      r.closeables.push(browser);
      browser.metrics().bindTo(registry);
      BrowserFetcher rendering = new BrowserFetcher(browser, limiter, config.userAgent(),
          new TargetRequestGuard(config.targetPolicy()), Clock.systemUTC());
      r.previews = new PreviewFetcher(fetcher, polite.limiter()).withBrowser(rendering);
      RenderRouter router = new RenderRouter(rendering, state, Clock.systemUTC());
      r.service = new FetcherService(polite, sink, state, metrics, config, Clock.systemUTC(), console, firstSight,
          router);
      r.closeables.push(r.service);
      r.assignments = new TargetAssignments(clients, TargetAssignments.GROUP_ID, r.service, state);
      r.closeables.push(r.assignments.start());
      r.closeables.push(r.assignments.bindMetrics(registry));
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  public FetcherService service() {
    return service;
  }

  /**
   * What {@code /health} reports of the fetcher: its {@code policy-targets} consumer ({@code fetcher.targets},
   * ready once it has its partitions) and its check scheduler ({@code fetcher.scheduler}).
   */
  public List<HealthIndicator> health() {
    return List.of(assignments.health(), service.health());
  }

  /** Fetches for the web page's selector preview, sharing this fetcher's client and per-host budget. */
  public PreviewFetcher previewFetcher() {
    return previews;
  }

  /** The one Wayback budget of this process (CDX and content tokens, global pause). */
  public WaybackBudget waybackBudget() {
    return waybackBudget;
  }

  @Override
  public void close() {
    closeables.close();
  }
}
