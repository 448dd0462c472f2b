package dev.policymonitor.web;

import static dev.policymonitor.model.WordSegment.deleted;
import static dev.policymonitor.model.WordSegment.inserted;
import static dev.policymonitor.model.WordSegment.kept;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.testing.TopologyHarness;
import dev.policymonitor.streams.query.QueryViews;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.evidence.TargetLookup;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.review.ReviewBook;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.server.WebServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A query topology (TopologyHarness) fed a known history through the real topics, served over HTTP by the
 * real routes on the real server (Jetty): acme/privacy-policy has a first version, a high-severity change (a sale
 * sentence, a retention edit, a moved paragraph, a hostile sentence) and a late Wayback capture; globex/terms has
 * one version and a later fetch error.
 */
final class KnownHistory implements AutoCloseable {
  static final String ACME = "acme/privacy-policy";
  static final String GLOBEX = "globex/terms";
  static final String HOSTILE = "Note: <script>alert(1)</script> and <img src=x onerror=alert(1)> are only text.";
  static final Instant T_WAYBACK = Instant.parse("2023-06-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2024-01-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2024-03-01T10:00:00Z");
  static final String V0 = """
      # Acme Privacy Policy

      ## Data sharing

      We never sell customer data.
      """;
  static final String V1 = """
      # Acme Privacy Policy

      ## Data sharing

      We never sell customer data.

      We share data with processors.

      ## Retention

      We keep logs for 30 days.

      Logs are encrypted at rest.

      Backups rotate weekly.

      Audits happen yearly.

      ## Contact

      Write to privacy@acme.example.
      """;
  static final String V2 = """
      # Acme Privacy Policy

      ## Data sharing

      We may sell customer data to selected advertising partners.

      ## Retention

      We keep logs for 90 days.

      Logs are encrypted at rest.

      Backups rotate weekly.

      Audits happen yearly.

      ## Contact

      Write to privacy@acme.example.

      We share data with processors.

      %s
      """.formatted(HOSTILE);

  final TopologyHarness harness;
  final TestInputTopic<String, Change> changes;
  final TestInputTopic<String, Version> versions;
  final TestInputTopic<String, FetchError> errors;
  final Change first;
  final Change changed;
  final Change historical;
  /** The reviews the workflow routes keep (in memory), on {@link #clock}. */
  final ReviewBook reviews;
  final Clock clock;
  private WebServer server;

  KnownHistory(Path stateDir) {
    this(stateDir, QueryViews.addTo(new Topology()), Clock.systemUTC());
  }

  /**
   * The same history in {@code topology}, which must hold the query views (the whole {@code PolicyTopology}, say),
   * with reviews written on {@code clock}.
   */
  KnownHistory(Path stateDir, Topology topology, Clock clock) {
    this.clock = clock;
    this.reviews = ReviewBook.inMemory(clock);
    harness = new TopologyHarness(topology, stateDir);
    changes = harness.input(Topics.CHANGES);
    versions = harness.input(Topics.VERSIONS);
    errors = harness.input(Topics.FETCH_ERRORS);

    Version v1 = version(ACME, V1, T1, "https://acme.example/privacy", SnapshotSource.LIVE);
    Version v2 = version(ACME, V2, T2, "https://acme.example/privacy", SnapshotSource.LIVE);
    Version v0 = version(ACME, V0, T_WAYBACK, "https://acme.example/privacy", SnapshotSource.WAYBACK);
    first = change(ACME, ChangeKind.FIRST, null, T1, null, v1.textDigest(), List.of(), List.of(), List.of(),
        List.of(), Severity.LOW, List.of(), List.of(), SnapshotSource.LIVE, "https://acme.example/privacy");
    changed = change(ACME, ChangeKind.CHANGED, T1, T2, v1.textDigest(), v2.textDigest(), List.of(HOSTILE),
        List.of(), List.of(
            new Modification("We never sell customer data.",
                "We may sell customer data to selected advertising partners.",
                List.of(kept("We "), deleted("never"), inserted("may"), kept(" sell customer data "),
                    inserted("to selected advertising partners"), kept(".")), "Data sharing"),
            new Modification("We keep logs for 30 days.", "We keep logs for 90 days.",
                List.of(kept("We keep logs for "), deleted("30"), inserted("90"), kept(" days.")), "Retention")),
        List.of("We share data with processors."), Severity.HIGH, List.of("sale-of-data", "data-retention"),
        List.of(ChangeFlag.UNDISCLOSED), SnapshotSource.LIVE, "https://acme.example/privacy");
    historical = change(ACME, ChangeKind.HISTORICAL, null, T_WAYBACK, null, v0.textDigest(), List.of(), List.of(),
        List.of(), List.of(), Severity.LOW, List.of(), List.of(ChangeFlag.HISTORICAL), SnapshotSource.WAYBACK,
        "https://acme.example/privacy");
    Version g1 = version(GLOBEX, "# Globex Terms\n\nBe nice.\n", T1, "https://globex.example/terms",
        SnapshotSource.LIVE);
    Change globexFirst = change(GLOBEX, ChangeKind.FIRST, null, T1, null, g1.textDigest(), List.of(), List.of(),
        List.of(), List.of(), Severity.LOW, List.of(), List.of(), SnapshotSource.LIVE, "https://globex.example/terms");

    versions.pipeInput(ACME, v1);
    changes.pipeInput(ACME, first);
    versions.pipeInput(ACME, v2);
    changes.pipeInput(ACME, changed);
    versions.pipeInput(ACME, v0);
    changes.pipeInput(ACME, historical);
    versions.pipeInput(GLOBEX, g1);
    changes.pipeInput(GLOBEX, globexFirst);
    errors.pipeInput(GLOBEX, new FetchError("globex", "terms", "https://globex.example/terms", SnapshotSource.LIVE,
        FetchErrorKind.HTTP_5XX, 503, 4, true, "Service Unavailable", T2));
  }

  static Version version(String key, String text, Instant at, String url, SnapshotSource source) {
    return new Version(key, text, null, "test-1", at, "SNAP" + at.getEpochSecond(), url, source, null);
  }

  static Change change(String key, ChangeKind kind, Instant previousAt, Instant at, String previousDigest,
      String digest, List<String> added, List<String> removed, List<Modification> modified, List<String> moved,
      Severity severity, List<String> categories, List<ChangeFlag> flags, SnapshotSource source, String url) {
    String[] parts = key.split("/");
    return new Change(Change.idFor(key, previousDigest, digest, at), key, parts[0], parts[1], kind, previousAt, at,
        previousDigest, digest, added, removed, modified, moved, null, severity, categories,
        kind == ChangeKind.CHANGED ? List.of("new: we may sell") : List.of(), flags, url, source,
        at.plus(Duration.ofSeconds(2)));
  }

  /** The stores as the query service reads them. */
  StoreAccess stores() {
    return new StoreAccess() {
      @Override
      public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return harness.store(name);
      }
    };
  }

  /** Serves the web routes over HTTP on a free port, as an unconfigured server does (open, loopback only). */
  URI serve(InstanceRouter router) {
    WebAccess open = WebAccess.create(WebSecuritySettings.defaults(), true, Clock.systemUTC());
    return serve(router, open, open.routes(), InstanceCredentials.NONE);
  }

  /**
   * Serves the web routes (the query API, the page, the workflow routes) and {@code extra} routes behind
   * {@code gate}; forwards with {@code credentials}.
   */
  URI serve(InstanceRouter router, RequestGate gate, Routes extra, InstanceCredentials credentials) {
    server = WebServer.start(ServerSettings.loopback(0), Routes.builder().build(), gate);
    Forwarder forwarder = new Forwarder(Duration.ofSeconds(5), credentials);
    server.mount(extra.with(WorkflowRoutes.of(stores(), TargetLookup.of(stores()), router, forwarder, reviews, null,
        clock)).with(WebRoutes.of(new QueryService(stores()), router, forwarder)));
    return URI.create("http://127.0.0.1:" + server.port());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    harness.close();
  }
}
