package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.app.LauncherFixture;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.testing.FakeWayback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the Grafana dashboard and the alert rules against a real Prometheus scraping the real application.
 *
 * <p>Setup: the whole pipeline runs in this JVM as {@code run} runs it (in-process KRaft broker, streams, alerts,
 * fetcher) against local sites: the demo's five seed policies (two edited after their first poll, as {@code demo}
 * does, so {@code first} and {@code changed} changes and alerts happen), a vendor whose page answers 404 (a fetch
 * error) and a vendor whose page is an empty JavaScript shell (an extraction failure, after the fetcher tried it in
 * its headless browser, so the rendering meters move). The fetcher backfills every
 * document on first sight ({@code POLICY_MONITOR_BACKFILL_ON_FIRST_SIGHT=true}) from a local {@link FakeWayback},
 * so the process-wide Wayback budget and request meters carry data. Debian's {@code prometheus}
 * binary then runs on loopback with the shipped {@code deploy/prometheus/prometheus.yml}, changed only in its
 * scrape target (this app's {@code /metrics}), its intervals (1 s) and the absolute path of the shipped rule file.
 *
 * <p>What "returns data" means, exactly:
 * <ul>
 *   <li>dashboard: every panel target's {@code expr} and every query variable (its {@code label_values(s, l)} sent
 *   as {@code count by (l) (s)}), with Grafana's variables replaced as {@link PromQl#GRAFANA_VARIABLES} says
 *   ({@code $__rate_interval}=1m, {@code $__interval}=15s, {@code $__range}=5m, {@code $vendor}=.*), sent to
 *   {@code /api/v1/query}: the answer must be {@code success} with a non-empty result;</li>
 *   <li>alert rules: a healthy system must not fire them, so the full {@code expr} must only be {@code success}
 *   (it parses and evaluates, empty allowed), and every vector selector inside it ({@link PromQl#selectors}:
 *   {@code name{matchers}} without the functions, ranges and thresholds around it) must return a non-empty result;
 *   Prometheus' own evaluation of the loaded rule file ({@code /api/v1/rules}) must report every rule healthy.</li>
 * </ul>
 * {@code promtool check config} (which also checks the rule files it names) and {@code promtool check rules} run
 * on the shipped files and on the generated config. The class is skipped, with a message, only when the
 * {@code prometheus} or {@code promtool} binary is absent ({@code apt-get install prometheus}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPrometheusTest {
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(180);
  private static final Duration AFTER_CHANGED = Duration.ofSeconds(60);
  private static final String SHELL_PAGE = "<!doctype html><html><head><title>Privacy</title>"
      + "<script src=\"/static/app.js\"></script></head><body><div id=\"root\"></div>"
      + "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>";

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  /** Meters of the fetcher's Wayback traffic that must have data besides the dashboard's and rules' queries. */
  private static final List<String> WAYBACK_SERIES = List.of(
      "policy_wayback_requests_total{endpoint=\"cdx\",outcome=\"ok\"}",
      "policy_wayback_requests_total{endpoint=\"content\",outcome=\"ok\"}",
      "policy_wayback_budget_available{endpoint=\"cdx\"}",
      "policy_wayback_budget_available{endpoint=\"content\"}",
      "policy_wayback_pauses_total",
      "policy_wayback_backfills_total{outcome=\"completed\"}",
      "policy_snapshots_published_total{source=\"wayback\"}");

  private final MockWebServer shellSite = new MockWebServer();
  private final MockWebServer archive = new MockWebServer();
  /** Archives one capture (2024) of any URL asked for. */
  private final FakeWayback wayback = new FakeWayback().archivingEveryUrl("20240101000000", "text/html",
      ("<html><head><title>Privacy Policy</title></head><body><h1>Privacy Policy</h1><p>Archived in 2024: we "
          + "collect your email address to send you our newsletter.</p></body></html>")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private final ScheduledExecutorService editor = Executors.newSingleThreadScheduledExecutor();
  private LauncherFixture.Site site;
  private LauncherFixture app;
  private PrometheusProcess prometheus;
  private Path generatedConfig;

  @BeforeAll
  void startAppAndPrometheus(@TempDir Path tmp) throws Exception {
    assumeTrue(PrometheusProcess.binary("prometheus").isPresent() && PrometheusProcess.binary("promtool").isPresent(),
        "Debian's prometheus package is not installed (no prometheus/promtool on PATH): "
            + "apt-get install -y prometheus to run the dashboard proof");
    site = new LauncherFixture.Site();
    shellSite.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body(SHELL_PAGE).build();
      }
    });
    shellSite.start();
    archive.setDispatcher(wayback);
    archive.start();
    app = LauncherFixture.startAll(null, tmp.resolve("state"), vendors(),
        new PrintStream(console, true, StandardCharsets.UTF_8), Map.of(
            FetcherConfig.BACKFILL_ON_FIRST_SIGHT.name(), "true",
            FetcherConfig.WAYBACK_URL.name(), archive.url("/").toString()));
    editor.scheduleWithFixedDelay(this::editAfterFirstPoll, 500, 500, TimeUnit.MILLISECONDS);

    generatedConfig = tmp.resolve("prometheus.yml");
    DeployFiles.writeYaml(generatedConfig, scrapingThisApp(DeployFiles.yaml(DeployFiles.PROMETHEUS_CONFIG)));
    prometheus = PrometheusProcess.start(generatedConfig, Files.createDirectories(tmp.resolve("prometheus")));
    awaitData();
  }

  @AfterAll
  void stop() throws Exception {
    editor.shutdownNow();
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
    if (site != null) {
      site.close();
    }
    shellSite.close();
    archive.close();
  }

  @Test
  void shouldPassPromtoolOnTheShippedConfigRulesAndTheGeneratedConfig() throws Exception {
    for (String[] args : List.of(
        new String[] {"check", "config", DeployFiles.PROMETHEUS_CONFIG.toString()},
        new String[] {"check", "rules", DeployFiles.RULES.toString()},
        new String[] {"check", "config", generatedConfig.toString()})) {
      PrometheusProcess.ToolResult result = PrometheusProcess.promtool(args);
      assertThat(result.exitCode()).as("promtool %s:%n%s", String.join(" ", args), result.output()).isZero();
      assertThat(result.output()).contains("SUCCESS");
    }
  }

  @Test
  void shouldScrapeTheApplicationsMetricsEndpoint() throws Exception {
    JsonNode up = prometheus.query("up{job=\"policy-monitor\"}");
    assertThat(up.at("/data/result")).hasSize(1);
    assertThat(up.at("/data/result/0/value/1").asText()).isEqualTo("1");
  }

  @Test
  void shouldExportTheWaybackMetersOfTheFirstSightBackfillFromThePipelineProcess() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String series : WAYBACK_SERIES) {
      String problem = problem(prometheus.query(series), true);
      if (problem != null) {
        failures.add(series + " -> " + problem);
      }
    }
    assertThat(failures).as("Wayback meters; the app exports %s", exportedPolicyMetrics()).isEmpty();
    // One CDX listing per document of the vendors file, each with its one archived capture. The first-sight
    // backfills run one after another within the 24/min CDX budget (one listing every 2.5 s), so the last ones
    // may still be under way when the first meters have data: wait for them, then check nothing more came.
    int documents = site.seedVendors().size() + 2;
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
        .until(() -> wayback.hits("cdx").size() >= documents && wayback.hits("content").size() >= documents);
    assertThat(wayback.hits("cdx").size()).isEqualTo(documents);
    assertThat(wayback.hits("content").size()).isEqualTo(documents);
  }

  @Test
  void shouldRenderTheShellVendorsPageInTheHeadlessBrowser() throws Exception {
    dev.policymonitor.testing.Chromium.require();
    // The shell vendor has no render setting: its plain page is a JavaScript shell, so the fetcher renders it once
    // (the automatic fallback); its script never writes text, so the rendered page has none either.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        problem(prometheus.query("policy_renders_total{trigger=\"fallback\"} > 0"), true) == null
            && problem(prometheus.query("policy_render_failures_total{reason=\"no-text\"} > 0"), true) == null);
    assertThat(problem(prometheus.query("policy_render_duration_seconds_count > 0"), true)).isNull();
    assertThat(problem(prometheus.query("policy_render_browser_memory_bytes"), true)).isNull();
  }

  @Test
  void shouldReturnDataForEveryDashboardQuery() throws Exception {
    List<PromQl.Expression> expressions = PromQl.dashboardExpressions(DeployFiles.json(DeployFiles.DASHBOARD));
    assertThat(expressions).as("queries found in the dashboard").hasSizeGreaterThanOrEqualTo(30);

    List<String> failures = new ArrayList<>();
    for (PromQl.Expression e : expressions) {
      String problem = problem(prometheus.query(e.promql()), true);
      if (problem != null) {
        failures.add(e.origin() + ": " + e.promql() + " -> " + problem);
      }
    }
    assertThat(failures).as("dashboard queries without data; the app exports %s", exportedPolicyMetrics()).isEmpty();
  }

  @Test
  void shouldEvaluateEveryAlertRuleAndFindDataForEachOfItsSelectors() throws Exception {
    List<PromQl.Expression> rules = PromQl.ruleExpressions(DeployFiles.yaml(DeployFiles.RULES));
    assertThat(rules).as("alert rules").hasSizeGreaterThanOrEqualTo(4);

    List<String> failures = new ArrayList<>();
    for (PromQl.Expression rule : rules) {
      String whole = problem(prometheus.query(rule.promql()), false);
      if (whole != null) {
        failures.add(rule.origin() + ": " + whole);
      }
      Set<String> selectors = PromQl.selectors(rule.promql());
      if (selectors.isEmpty()) {
        failures.add(rule.origin() + ": no metric selector found in " + rule.promql());
      }
      for (String selector : selectors) {
        String problem = problem(prometheus.query(selector), true);
        if (problem != null) {
          failures.add(rule.origin() + ": selector " + selector + " -> " + problem);
        }
      }
    }
    assertThat(failures).as("alert rules; the app exports %s", exportedPolicyMetrics()).isEmpty();
  }

  @Test
  void shouldLoadTheRuleFileAndEvaluateEveryRuleWithoutError() throws Exception {
    JsonNode groups = prometheus.api("/api/v1/rules").at("/data/groups");
    List<String> loaded = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        loaded.add(rule.path("name").asText());
        if (!"ok".equals(rule.path("health").asText())) {
          unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
              + rule.path("lastError").asText());
        }
      }
    }
    assertThat(loaded).containsExactlyInAnyOrderElementsOf(
        PromQl.ruleExpressions(DeployFiles.yaml(DeployFiles.RULES)).stream()
            .map(e -> e.origin().replaceFirst("^(alert|record) ", "")).toList());
    assertThat(unhealthy).isEmpty();
  }

  /** Null when the answer is a success (and, if {@code needData}, has at least one series); else what is wrong. */
  private static String problem(JsonNode answer, boolean needData) {
    if (!"success".equals(answer.path("status").asText())) {
      return answer.path("errorType").asText() + ": " + answer.path("error").asText();
    }
    JsonNode result = answer.at("/data/result");
    if (needData && (!result.isArray() || result.isEmpty())) {
      return "no data";
    }
    return null;
  }

  private void awaitData() throws Exception {
    List<PromQl.Expression> needData = new ArrayList<>(
        PromQl.dashboardExpressions(DeployFiles.json(DeployFiles.DASHBOARD)));
    for (PromQl.Expression rule : PromQl.ruleExpressions(DeployFiles.yaml(DeployFiles.RULES))) {
      PromQl.selectors(rule.promql()).forEach(s -> needData.add(new PromQl.Expression(rule.origin(), s)));
    }
    WAYBACK_SERIES.forEach(s -> needData.add(new PromQl.Expression("wayback", s)));
    Instant deadline = Instant.now().plus(DATA_DEADLINE);
    Instant changedSeen = null;
    while (Instant.now().isBefore(deadline)) {
      boolean changed = console.toString(StandardCharsets.UTF_8).contains("changed");
      if (changed && changedSeen == null) {
        changedSeen = Instant.now();
        // once changes flowed end to end, a meter that still has no data after a minute never will
        deadline = min(deadline, changedSeen.plus(AFTER_CHANGED));
      }
      boolean allData = changed;
      for (PromQl.Expression e : needData) {
        if (!allData) {
          break;
        }
        allData = problem(prometheus.query(e.promql()), true) == null;
      }
      if (allData && rulesEvaluated()) {
        return;
      }
      Thread.sleep(2000);
    }
    // the tests report exactly which queries lack data
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private boolean rulesEvaluated() throws Exception {
    for (JsonNode group : prometheus.api("/api/v1/rules").at("/data/groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("lastEvaluation").asText().startsWith("0001-")) {
          return false;
        }
      }
    }
    return true;
  }

  private void editAfterFirstPoll() {
    if (site.editedVendors().stream().allMatch(v -> site.hits(v) > 0)) {
      site.editLikeTheDemo();
      editor.shutdown();
    }
  }

  private VendorsConfig vendors() {
    // The sites and the fake archive are local: the file allows loopback, as a user allows an intranet host.
    StringBuilder yaml = new StringBuilder("pollInterval: PT1S\nallowTargets: [127.0.0.1, localhost]\nvendors:\n");
    for (String vendor : site.seedVendors()) {
      yaml.append(vendorYaml(vendor, site.url(vendor)));
    }
    yaml.append(vendorYaml("gone", site.url("gone")));
    yaml.append(vendorYaml("shell", shellSite.url("/shell/privacy-policy").toString()));
    return VendorsConfig.parse(new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)),
        "test vendors");
  }

  private static String vendorYaml(String id, String url) {
    return "  - id: " + id + "\n    documents:\n      - type: privacy-policy\n        url: " + url + "\n";
  }

  /** The shipped config with this app as the only target, 1 s intervals and the shipped rules by absolute path. */
  private JsonNode scrapingThisApp(JsonNode shipped) {
    ObjectNode config = shipped.deepCopy();
    ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
    ArrayNode rules = config.putArray("rule_files");
    for (JsonNode pattern : shipped.path("rule_files")) {
      rules.add(DeployFiles.PROMETHEUS_CONFIG.getParent().resolve(pattern.asText()).toString());
    }
    URI http = URI.create(app.httpUrl());
    for (JsonNode job : config.path("scrape_configs")) {
      ArrayNode targets = ((ObjectNode) job).putArray("static_configs");
      ObjectNode target = targets.addObject();
      target.putArray("targets").add(http.getHost() + ":" + http.getPort());
      target.putObject("labels").put("service", "run");
    }
    return config;
  }

  private Set<String> exportedPolicyMetrics() throws IOException, InterruptedException {
    String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^(policy_[a-z0-9_]+)").matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
