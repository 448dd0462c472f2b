package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow routes with several instances (a MockWebServer plays the instance that holds acme's document): the
 * review queue and the feeds merge every instance's share, a review write asks the owner whether the change exists
 * (a read; writes are never forwarded), the evidence file is rendered here from the owner's data, and an instance
 * that does not answer makes an incomplete answer a 502.
 */
class WorkflowForwardingTest {
  @StartStop final MockWebServer other = new MockWebServer();
  @TempDir Path dir;
  private WorkflowHistory workflow;
  private URI base;
  private final Map<String, MockResponse> answers = new ConcurrentHashMap<>();
  private final List<RecordedRequest> asked = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    other.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        asked.add(request);
        return answers.getOrDefault(request.getTarget(), new MockResponse.Builder().code(404)
            .body("{\"error\":\"not here\"}").build());
      }
    });
    workflow = new WorkflowHistory(dir);
    base = workflow.serve(acmeOn(URI.create("http://127.0.0.1:" + other.getPort())));
  }

  @AfterEach
  void stop() {
    workflow.close();
  }

  private static InstanceRouter acmeOn(URI owner) {
    return new InstanceRouter() {
      @Override
      public Optional<URI> ownerOf(String documentKey) {
        return documentKey.equals(KnownHistory.ACME) ? Optional.of(owner) : Optional.empty();
      }

      @Override
      public List<URI> others() {
        return List.of(owner);
      }
    };
  }

  @Test
  void shouldMergeTheReviewQueueOfEveryInstance() throws Exception {
    answers.put("/api/reviews?state=all", json("{\"items\":[{\"entry\":{\"changeId\":\"remote1\",\"key\":"
        + "\"initech/privacy\",\"kind\":\"changed\",\"capturedAt\":\"2030-01-01T00:00:00Z\"},\"review\":{"
        + "\"changeId\":\"remote1\",\"key\":\"initech/privacy\",\"state\":\"in-review\",\"events\":1}}],"
        + "\"page\":0,\"size\":1,\"total\":1,\"counts\":{\"in-review\":1}}"));
    JsonNode queue = read(get("/api/reviews?state=all", workflow.viewer));
    assertThat(queue.get("items").get(0).get("entry").get("changeId").asText()).isEqualTo("remote1");
    assertThat(queue.get("total").asInt()).as("the remote change and the three held here").isEqualTo(4);
    assertThat(queue.get("counts").get("in-review").asInt()).isEqualTo(1);
    assertThat(queue.get("counts").get("new").asInt()).as("this instance's three changes").isEqualTo(3);
    RecordedRequest request = asked.get(0);
    assertThat(request.getHeaders().get(Forwarder.FORWARDED_HEADER)).isEqualTo("1");
    assertThat(request.getHeaders().get("Authorization")).as("user credentials are never forwarded").isNull();
  }

  @Test
  void shouldAskTheOwnerWhetherAChangeExistsBeforeWritingItsReviewHere() throws Exception {
    String id = workflow.history.changed.changeId();
    String path = "/api/reviews/acme/privacy-policy/" + id;
    assertThat(post(path, "{\"state\": \"in-review\"}").statusCode()).as("the owner does not know it").isEqualTo(404);
    answers.put("/api/changes/acme/privacy-policy/" + id, json("{\"change\":{\"changeId\":\"" + id + "\"}}"));
    HttpResponse<String> ok = post(path, "{\"state\": \"in-review\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(workflow.reviews.get(KnownHistory.ACME, id).state().wire()).isEqualTo("in-review");
    assertThat(asked).extracting(RecordedRequest::getMethod).containsOnly("GET");
  }

  @Test
  void shouldRenderTheEvidenceHereFromTheOwnersData() throws Exception {
    String id = workflow.history.changed.changeId();
    HttpResponse<String> data = http.send(HttpRequest.newBuilder(base.resolve("/api/evidence/acme/privacy-policy/"
        + id + ".json")).header("Authorization", "Bearer " + workflow.viewer).header(Forwarder.FORWARDED_HEADER, "1")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(data.statusCode()).as("a forwarded request is answered from this instance").isEqualTo(200);
    answers.put("/api/evidence/acme/privacy-policy/" + id + ".json", json(data.body()));
    HttpResponse<String> html = get("/api/evidence/acme/privacy-policy/" + id + ".html", workflow.viewer);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
    assertThat(html.body()).contains("exported 2026-11-23 10:00:00 UTC by vera").contains("We keep logs for");
    assertThat(asked).extracting(RecordedRequest::getTarget)
        .containsExactly("/api/evidence/acme/privacy-policy/" + id + ".json");
  }

  @Test
  void shouldMergeTheFeedsOfEveryInstance() throws Exception {
    Change remote = KnownHistory.change("initech/privacy", ChangeKind.CHANGED, Instant.parse("2029-01-01T00:00:00Z"),
        Instant.parse("2030-01-01T00:00:00Z"), "A", "B", List.of("New sentence."), List.of(), List.of(), List.of(),
        Severity.MEDIUM, List.of(), List.of(), SnapshotSource.LIVE, "https://initech.example/privacy");
    answers.put("/api/changes?size=50&kinds=changed,cosmetic,extraction-failed,reverted",
        json("{\"items\":[" + Json.mapper().writeValueAsString(remote) + "]}"));
    HttpResponse<String> feed = get("/feeds/changes.atom?token=" + workflow.feed, null);
    assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
    assertThat(feed.body()).contains("change:" + remote.changeId()).contains("change:"
        + workflow.history.changed.changeId());
    assertThat(feed.body().indexOf(remote.changeId())).as("newest first")
        .isLessThan(feed.body().indexOf(workflow.history.changed.changeId()));
  }

  @Test
  void shouldAnswer502RatherThanAnIncompleteList() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    workflow.close();
    workflow = new WorkflowHistory(dir.resolve("second"));
    base = workflow.serve(acmeOn(URI.create("http://127.0.0.1:" + closed)));
    assertThat(get("/api/reviews", workflow.viewer).statusCode()).isEqualTo(502);
    assertThat(get("/feeds/changes.atom?token=" + workflow.feed, null).statusCode()).isEqualTo(502);
    assertThat(get("/api/evidence/acme/privacy-policy/" + workflow.history.changed.changeId() + ".html",
        workflow.viewer).statusCode()).isEqualTo(502);
    assertThat(get("/api/reviews/acme/privacy-policy/" + workflow.history.changed.changeId(), workflow.viewer)
        .statusCode()).as("every instance holds every review").isEqualTo(200);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static JsonNode read(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + workflow.editor)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
