package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.PreviewFetcher;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.testing.TopologyHarness;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.InstanceRouter;
import dev.policymonitor.web.QueryService;
import dev.policymonitor.web.StoreAccess;
import dev.policymonitor.web.WebRoutes;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.server.WebServer;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The vendors API on the real server and routes, with authentication on (tokens for a viewer, an editor and an
 * admin), over the whole topology in a {@link TopologyHarness}: the catalog writes {@code policy-targets} into the
 * topology and reads its global store back, snapshots piped in become versions and changes, and previews fetch
 * through a real {@link PreviewFetcher}.
 */
final class VendorsFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
  static final String VIEWER = "vera";
  static final String EDITOR = "eddie";
  static final String ADMIN = "ada";

  final TopologyHarness harness;
  final TestInputTopic<String, Snapshot> snapshots;
  final Map<String, String> tokens;
  final URI base;
  private final TestInputTopic<String, Target> targets;
  private final WebServer server;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  VendorsFixture(Path dir, FetcherConfig fetcher) throws IOException {
    harness = new TopologyHarness(PolicyTopology.build(Clock.fixed(NOW, ZoneOffset.UTC)), dir.resolve("state"));
    targets = harness.input(Topics.TARGETS);
    snapshots = harness.input(Topics.SNAPSHOTS);
    Path tokensFile = dir.resolve("web-tokens");
    tokens = Map.of(
        VIEWER, TokenStore.add(tokensFile, VIEWER, Role.VIEWER, ApiToken.Scope.API, Clock.systemUTC()).token(),
        EDITOR, TokenStore.add(tokensFile, EDITOR, Role.EDITOR, ApiToken.Scope.API, Clock.systemUTC()).token(),
        ADMIN, TokenStore.add(tokensFile, ADMIN, Role.ADMIN, ApiToken.Scope.API, Clock.systemUTC()).token());
    WebAccess access = WebAccess.create(WebSecuritySettings.fromEnvironment(Map.of(
        WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString())), true, Clock.systemUTC());
    StoreAccess stores = new StoreAccess() {
      @Override
      public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return harness.store(name);
      }
    };
    Forwarder forwarder = new Forwarder(Duration.ofSeconds(5));
    PreviewFetcher previews = PreviewFetcher.create(fetcher);
    Routes vendors = VendorRoutes.of(new HarnessCatalog(), () -> previews, stores,
        InstanceRouter.LOCAL, InstanceRouter.LOCAL, forwarder, DetectionSettings.defaults(),
        fetcher.targetPolicy(), Clock.fixed(NOW, ZoneOffset.UTC));
    server = WebServer.start(ServerSettings.loopback(0), Routes.builder().build(), access);
    server.mount(access.routes().with(vendors).with(WebRoutes.of(new QueryService(stores), InstanceRouter.LOCAL,
        forwarder)));
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  /** Pipes a snapshot through change detection. */
  void capture(Snapshot s) {
    synchronized (harness) {
      snapshots.pipeInput(s.key().toString(), s);
    }
  }

  /** An HTTP answer: the status, the raw body and the body as JSON (null when it is not JSON). */
  record Answer(int status, String raw, JsonNode json, HttpResponse<String> response) {
    String error() {
      return json == null ? null : json.path("error").asText(null);
    }

    String field() {
      return json == null ? null : json.path("field").asText(null);
    }
  }

  Answer get(String path, String user) throws Exception {
    return send(request(path, user).GET());
  }

  Answer send(String method, String path, String body, String user) throws Exception {
    return send(request(path, user).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    return user == null ? b : b.header("Authorization", "Bearer " + tokens.get(user));
  }

  Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = Json.mapper().readTree(r.body());
    } catch (IOException e) {
      // not JSON (the YAML export)
    }
    return new Answer(r.statusCode(), r.body(), json, r);
  }

  @Override
  public void close() {
    server.close();
    harness.close();
  }

  /** The catalog over the harness: writes go into policy-targets, reads come from the topology's global store. */
  private final class HarnessCatalog implements TargetCatalog {
    @Override
    public List<Target> all() {
      synchronized (harness) {
        List<Target> all = new ArrayList<>();
        KeyValueStore<String, PlacedTarget> store = harness.store(PolicyTopology.TARGETS_STORE);
        try (KeyValueIterator<String, PlacedTarget> it = store.all()) {
          it.forEachRemaining(kv -> all.add(kv.value.target()));
        }
        all.sort(Comparator.comparing(Target::vendor).thenComparing(t -> t.declaration().type()));
        return all;
      }
    }

    @Override
    public Optional<Target> get(PolicyKey key) {
      synchronized (harness) {
        KeyValueStore<String, PlacedTarget> store = harness.store(PolicyTopology.TARGETS_STORE);
        return Optional.ofNullable(store.get(key.toString())).map(PlacedTarget::target);
      }
    }

    @Override
    public void write(Collection<Target> written) {
      synchronized (harness) {
        written.forEach(t -> targets.pipeInput(t.key().toString(), t));
      }
    }

    @Override
    public void remove(Collection<PolicyKey> keys) {
      synchronized (harness) {
        keys.forEach(k -> targets.pipeInput(k.toString(), null));
      }
    }
  }
}
