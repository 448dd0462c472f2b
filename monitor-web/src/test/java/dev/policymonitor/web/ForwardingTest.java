package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-instance path: a request for a document another instance holds is forwarded there (a MockWebServer
 * stands in for the other instance), marked so it is never forwarded twice; lists and change-id lookups ask
 * every instance.
 */
class ForwardingTest {
  @StartStop final MockWebServer other = new MockWebServer();
  @TempDir Path stateDir;
  private KnownHistory history;
  private URI base;
  private URI otherUri;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    otherUri = URI.create("http://127.0.0.1:" + other.getPort());
    history = new KnownHistory(stateDir);
    base = history.serve(routerWithGlobexOn(otherUri));
  }

  @AfterEach
  void stop() {
    history.close();
  }

  private static InstanceRouter routerWithGlobexOn(URI owner) {
    return new InstanceRouter() {
      @Override
      public Optional<URI> ownerOf(String documentKey) {
        return documentKey.equals(KnownHistory.GLOBEX) ? Optional.of(owner) : Optional.empty();
      }

      @Override
      public List<URI> others() {
        return List.of(owner);
      }
    };
  }

  @Test
  void shouldForwardARequestForADocumentHeldByAnotherInstance() throws Exception {
    other.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"items\":[],\"page\":0,\"size\":5,\"total\":0,\"from\":\"other\"}").build());
    HttpResponse<String> r = get("/api/documents/globex/terms/changes?page=0&size=5", false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"from\":\"other\"");
    RecordedRequest forwarded = other.takeRequest(5, TimeUnit.SECONDS);
    assertThat(forwarded.getTarget()).isEqualTo("/api/documents/globex/terms/changes?page=0&size=5");
    assertThat(forwarded.getHeaders().get(Forwarder.FORWARDED_HEADER)).isEqualTo("1");
  }

  @Test
  void shouldAnswerAForwardedRequestLocallyWithoutForwardingAgain() throws Exception {
    HttpResponse<String> r = get("/api/documents/globex/terms", true);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(r.body()).get("key").asText()).isEqualTo(KnownHistory.GLOBEX);
    assertThat(other.getRequestCount()).isZero();
  }

  @Test
  void shouldAnswerLocalDocumentsWithoutAskingOthers() throws Exception {
    HttpResponse<String> r = get("/api/documents/acme/privacy-policy/changes", false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(other.getRequestCount()).isZero();
  }

  @Test
  void shouldMergeTheDocumentListsOfEveryInstance() throws Exception {
    other.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"items\":[{\"key\":\"initech/privacy\",\"vendor\":\"initech\",\"document\":\"privacy\","
            + "\"versionCount\":1,\"changeCount\":1,\"severityCounts\":{\"high\":1}}],"
            + "\"page\":0,\"size\":1,\"total\":1}").build());
    JsonNode page = Json.mapper().readTree(get("/api/documents?severity=high", false).body());
    assertThat(page.get("total").asInt()).isEqualTo(2);
    assertThat(page.get("items").get(0).get("key").asText()).isEqualTo(KnownHistory.ACME);
    assertThat(page.get("items").get(1).get("key").asText()).isEqualTo("initech/privacy");
    RecordedRequest asked = other.takeRequest(5, TimeUnit.SECONDS);
    assertThat(asked.getTarget()).isEqualTo("/api/documents");
    assertThat(asked.getHeaders().get(Forwarder.FORWARDED_HEADER)).isEqualTo("1");
  }

  @Test
  void shouldFindAChangeByIdOnAnotherInstance() throws Exception {
    other.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"change\":{\"changeId\":\"remote1\"}}").build());
    HttpResponse<String> r = get("/api/changes/remote1", false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("remote1");
    assertThat(other.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/api/changes/remote1");
  }

  @Test
  void shouldAnswer502WhenAnotherInstanceIsDown() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    history.close();
    history = new KnownHistory(stateDir.resolve("second"));
    base = history.serve(routerWithGlobexOn(URI.create("http://127.0.0.1:" + closedPort)));
    HttpResponse<String> r = get("/api/documents/globex/terms", false);
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("globex/terms");
    assertThat(get("/api/documents", false).statusCode()).as("an incomplete list is an error").isEqualTo(502);
    assertThat(get("/api/changes/unknown", false).statusCode()).isEqualTo(502);
    assertThat(get("/api/changes/" + history.changed.changeId(), false).statusCode())
        .as("a change held here is answered even when another instance is down").isEqualTo(200);
  }

  private HttpResponse<String> get(String path, boolean forwarded) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (forwarded) {
      b.header(Forwarder.FORWARDED_HEADER, "1");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
