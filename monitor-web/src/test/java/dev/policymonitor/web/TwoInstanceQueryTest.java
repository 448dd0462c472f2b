package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.streams.query.QueryViews;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.server.ServerSettings;
import dev.policymonitor.web.server.WebServer;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the query topology on a real (in-process) broker, each with its own HTTP server and
 * {@code application.server}, with authentication on (a shared tokens file and a shared secret): every document,
 * and every change by id, can be read through either instance with an API token, the other one's data being
 * fetched by Kafka Streams metadata ({@code queryMetadataForKey}) and forwarding, which each instance proves with
 * an assertion signed by the shared secret.
 */
class TwoInstanceQueryTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final int DOCUMENTS = 12;
  @TempDir Path dir;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;
  private WebSecuritySettings security;

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void shouldAnswerForEveryDocumentThroughEitherInstanceWithAuthenticationOn() throws Exception {
    Path tokens = dir.resolve("web-tokens");
    token = TokenStore.add(tokens, "reader", Role.VIEWER, ApiToken.Scope.API, Clock.systemUTC()).token();
    Path secret = Files.writeString(dir.resolve("web-secret"), "a-shared-secret-of-more-than-32-bytes-for-the-test");
    security = WebSecuritySettings.fromEnvironment(Map.of(WebSecuritySettings.TOKENS_FILE_ENV, tokens.toString(),
        WebSecuritySettings.SECRET_FILE_ENV, secret.toString()));
    TopicsAdmin.ensure(KAFKA.clients());
    List<Change> changes = publishHistory();
    Instance a = start("a");
    Instance b = start("b");

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(a.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(b.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(json(a.base, "/api/documents?size=200").get("total").asInt()).isEqualTo(DOCUMENTS);
      assertThat(json(b.base, "/api/documents?size=200").get("total").asInt()).isEqualTo(DOCUMENTS);
    });

    // Changes and versions are indexed from two topics, so a version's text may land a moment after its change:
    // the views are eventually consistent, and the test waits for every document to be whole through both.
    Set<HostInfo> owners = new HashSet<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      owners.clear();
      for (Change c : changes) {
        owners.add(a.streams.queryMetadataForKey(QueryViews.DOCUMENTS_STORE, c.key(), Serdes.String().serializer())
            .activeHost());
        for (Instance via : List.of(a, b)) {
          JsonNode timeline = json(via.base, "/api/documents/" + c.key() + "/changes");
          assertThat(timeline.get("items").get(0).get("changeId").asText()).as(c.key()).isEqualTo(c.changeId());
          JsonNode view = json(via.base, "/api/changes/" + c.changeId());
          assertThat(view.get("change").get("key").asText()).isEqualTo(c.key());
          assertThat(view.get("diff").get("rows").toString()).contains("Version text of " + c.vendor());
        }
      }
    });
    assertThat(owners).as("both instances hold some documents").containsExactlyInAnyOrder(a.self, b.self);
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(a.base.resolve("/api/documents")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as("no token, no data").isEqualTo(401);
  }

  private List<Change> publishHistory() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    List<Change> changes = new ArrayList<>();
    try (KafkaProducer<String, Version> versions = new KafkaProducer<>(props, new StringSerializer(),
        Topics.VERSIONS.valueSerde().serializer());
        KafkaProducer<String, Change> changeProducer = new KafkaProducer<>(props, new StringSerializer(),
            Topics.CHANGES.valueSerde().serializer())) {
      Instant at = Instant.parse("2024-05-01T00:00:00Z");
      for (int i = 0; i < DOCUMENTS; i++) {
        String key = "vendor" + i + "/privacy-policy";
        Version v = KnownHistory.version(key, "# Policy\n\nVersion text of vendor" + i + ".\n", at,
            "https://vendor" + i + ".example/privacy", SnapshotSource.LIVE);
        Change c = KnownHistory.change(key, ChangeKind.FIRST, null, at, null, v.textDigest(), List.of(), List.of(),
            List.of(), List.of(), Severity.LOW, List.of(), List.of(), SnapshotSource.LIVE, v.url());
        versions.send(new ProducerRecord<>(Topics.VERSIONS.name(), key, v));
        changeProducer.send(new ProducerRecord<>(Topics.CHANGES.name(), key, c));
        changes.add(c);
      }
    }
    return changes;
  }

  private record Instance(KafkaStreams streams, URI base, HostInfo self) {}

  private Instance start(String name) throws IOException {
    WebAccess access = WebAccess.create(security, true, Clock.systemUTC());
    WebServer server = WebServer.start(ServerSettings.loopback(0), Routes.builder().build(), access);
    HostInfo self = new HostInfo("127.0.0.1", server.port());
    Properties props = WebRoutes.streamsProperties(self);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "web-two-instances");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(name).toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    KafkaStreams streams = new KafkaStreams(QueryViews.addTo(new Topology()), props);
    server.mount(access.routes().with(WebRoutes.forStreams(streams, self, access.instanceCredentials())));
    streams.start();
    closeables.add(server);
    closeables.add(() -> streams.close(Duration.ofSeconds(10)));
    return new Instance(streams, URI.create("http://127.0.0.1:" + self.port()), self);
  }

  private JsonNode json(URI base, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }
}
