package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Review;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review workflow over HTTP with real authentication: each change's state, assignee and notes, the trail of who
 * did what and when, the queue of what still needs review with its counts, and every refusal (roles, CSRF, bad
 * input, conflicting writes).
 */
class ReviewApiTest {
  @TempDir Path dir;
  private WorkflowHistory workflow;
  private KnownHistory history;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    workflow = new WorkflowHistory(dir);
    history = workflow.history;
    base = workflow.serve(InstanceRouter.LOCAL);
  }

  @AfterEach
  void stop() {
    workflow.close();
  }

  private String changed() {
    return "/api/reviews/acme/privacy-policy/" + history.changed.changeId();
  }

  @Test
  void shouldStartEveryChangeNewAndKeepWhoDidWhatAndWhenInTheTrail() throws Exception {
    JsonNode fresh = json(get(changed(), workflow.viewer));
    assertThat(fresh.get("state").asText()).isEqualTo("new");
    assertThat(fresh.get("trail")).isEmpty();

    JsonNode taken = json(post(changed(), workflow.editor,
        "{\"state\": \"in-review\", \"assignee\": \"eddie\", \"basedOn\": 0}"));
    assertThat(taken.get("state").asText()).isEqualTo("in-review");
    assertThat(taken.get("assignee").asText()).isEqualTo("eddie");

    workflow.clock.advance(Duration.ofHours(2));
    JsonNode done = json(post(changed(), workflow.editor, "{\"state\": \"reviewed-action-needed\", "
        + "\"note\": \"Sale of data: <b>ask legal</b>\\nbefore renewal.\", \"assignee\": \"\", \"basedOn\": 2}"));
    assertThat(done.get("state").asText()).isEqualTo("reviewed-action-needed");
    assertThat(done.get("assignee").isNull()).as("unassigned").isTrue();

    JsonNode read = json(get(changed(), workflow.viewer));
    assertThat(read).isEqualTo(done);
    List<String> trail = new ArrayList<>();
    read.get("trail").forEach(e -> trail.add(e.get("seq").asInt() + " " + e.get("at").asText() + " "
        + e.get("by").asText() + " " + e.get("type").asText() + " " + e.path("state").asText(
            e.path("assignee").asText(e.path("note").asText("-")))));
    assertThat(trail).containsExactly(
        "1 2026-11-23T10:00:00Z eddie assignment eddie",
        "2 2026-11-23T10:00:00Z eddie state in-review",
        "3 2026-11-23T12:00:00Z eddie assignment -",
        "4 2026-11-23T12:00:00Z eddie state reviewed-action-needed",
        "5 2026-11-23T12:00:00Z eddie note Sale of data: <b>ask legal</b>\nbefore renewal.");
    assertThat(read.get("updatedBy").asText()).isEqualTo("eddie");
    assertThat(read.get("updatedAt").asText()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(workflow.reviews.get(KnownHistory.ACME, history.changed.changeId()).trail()).hasSize(5);
  }

  @Test
  void shouldListWhatStillNeedsReviewWithCountsPerState() throws Exception {
    JsonNode queue = json(get("/api/reviews", workflow.viewer));
    List<String> sameTime = new ArrayList<>(List.of(history.first.changeId(), globexFirst()));
    sameTime.sort(null);
    assertThat(ids(queue)).as("history is not queued; newest capture first, then by id").containsExactly(
        history.changed.changeId(), sameTime.get(0), sameTime.get(1));
    assertThat(queue.get("counts").toString())
        .isEqualTo("{\"new\":3,\"in-review\":0,\"reviewed-no-action\":0,\"reviewed-action-needed\":0}");
    assertThat(queue.get("items").get(0).get("entry").get("key").asText()).isEqualTo(KnownHistory.ACME);
    assertThat(queue.get("items").get(0).get("review").get("state").asText()).isEqualTo("new");

    json(post(changed(), workflow.editor, "{\"state\": \"reviewed-no-action\", \"note\": \"Fine.\"}"));
    json(post("/api/reviews/acme/privacy-policy/" + history.first.changeId(), workflow.editor,
        "{\"state\": \"in-review\", \"assignee\": \"vera\"}"));
    JsonNode open = json(get("/api/reviews", workflow.viewer));
    assertThat(ids(open)).containsExactlyElementsOf(sameTime);
    assertThat(open.get("counts").toString())
        .isEqualTo("{\"new\":1,\"in-review\":1,\"reviewed-no-action\":1,\"reviewed-action-needed\":0}");
    assertThat(open.get("items").get(sameTime.indexOf(history.first.changeId())).get("review").get("assignee")
        .asText()).isEqualTo("vera");

    assertThat(ids(json(get("/api/reviews?state=reviewed-no-action", workflow.viewer))))
        .containsExactly(history.changed.changeId());
    assertThat(ids(json(get("/api/reviews?state=new&vendor=globex", workflow.viewer))))
        .containsExactly(globexFirst());
    assertThat(ids(json(get("/api/reviews?document=terms", workflow.viewer)))).containsExactly(globexFirst());
    JsonNode all = json(get("/api/reviews?state=all&kinds=all", workflow.viewer));
    assertThat(ids(all)).contains(history.historical.changeId()).hasSize(4);
    JsonNode paged = json(get("/api/reviews?state=all&page=1&size=2", workflow.viewer));
    assertThat(ids(paged)).containsExactly(sameTime.get(1));
    assertThat(paged.get("total").asInt()).isEqualTo(3);

    JsonNode some = json(get("/api/reviews/acme/privacy-policy?ids=" + history.changed.changeId() + ","
        + history.historical.changeId(), workflow.viewer));
    assertThat(some.get("items").get(0).get("state").asText()).isEqualTo("reviewed-no-action");
    assertThat(some.get("items").get(0).get("notes").asInt()).isEqualTo(1);
    assertThat(some.get("items").get(1).get("state").asText()).isEqualTo("new");
  }

  @Test
  void shouldLetOnlyEditorsWriteAndRefuseCookieWritesWithoutTheCsrfToken() throws Exception {
    String body = "{\"state\": \"in-review\"}";
    assertThat(send(HttpRequest.newBuilder(base.resolve(changed())).GET()).statusCode()).isEqualTo(401);
    assertThat(send(write(changed(), null, body)).statusCode()).isEqualTo(401);
    assertThat(send(write(changed(), workflow.viewer, body)).statusCode()).isEqualTo(403);
    assertThat(send(write(changed(), workflow.feed, body)).statusCode()).as("a feed token only reads feeds")
        .isEqualTo(403);
    assertThat(send(get("/api/reviews", workflow.feed)).statusCode()).isEqualTo(403);

    HttpResponse<String> login = send(HttpRequest.newBuilder(base.resolve("/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + workflow.editor + "\"}")));
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String csrf = Json.mapper().readTree(login.body()).get("csrfToken").asText();
    HttpRequest.Builder noToken = HttpRequest.newBuilder(base.resolve(changed())).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> refused = send(noToken);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("CSRF");
    assertThat(workflow.reviews.get(KnownHistory.ACME, history.changed.changeId()).trail())
        .as("nothing was written").isEmpty();
    HttpResponse<String> ok = send(HttpRequest.newBuilder(base.resolve(changed())).header("Cookie", cookie)
        .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(ok.body()).get("trail").get(0).get("by").asText()).isEqualTo("eddie");
  }

  @Test
  void shouldAnswerBadWritesWithTheReasonAndWriteNothing() throws Exception {
    String unknown = "/api/reviews/acme/privacy-policy/" + "a".repeat(20);
    assertBad(post(changed(), workflow.editor, "{not json"), 400, "JSON object");
    assertBad(post(changed(), workflow.editor, "[1]"), 400, "JSON object");
    assertBad(post(changed(), workflow.editor, "{}"), 400, "nothing to change");
    assertBad(post(changed(), workflow.editor, "{\"state\": \"done\"}"), 400, "reviewed-no-action");
    assertBad(post(changed(), workflow.editor, "{\"state\": 3}"), 400, "state must be a string");
    assertBad(post(changed(), workflow.editor, "{\"status\": \"new\"}"), 400, "unknown field 'status'");
    assertBad(post(changed(), workflow.editor, "{\"note\": \"   \"}"), 400, "note is empty");
    assertBad(post(changed(), workflow.editor, "{\"note\": \"" + "x".repeat(Review.MAX_NOTE_CHARS + 1) + "\"}"),
        400, "longer than 2000");
    assertBad(post(changed(), workflow.editor, "{\"note\": \"bell\\u0007\"}"), 400, "plain text");
    assertBad(post(changed(), workflow.editor, "{\"assignee\": \"" + "b".repeat(200) + "\"}"), 400, "assignee");
    assertBad(post(changed(), workflow.editor, "{\"note\": \"ok\", \"basedOn\": -1}"), 400, "basedOn");
    assertBad(post("/api/reviews/ACME/privacy-policy/" + history.changed.changeId(), workflow.editor,
        "{\"note\": \"x\"}"), 400, "vendor id");
    assertBad(post("/api/reviews/acme/privacy-policy/NOT-AN-ID", workflow.editor, "{\"note\": \"x\"}"), 400,
        "change id");
    assertBad(post(unknown, workflow.editor, "{\"note\": \"x\"}"), 404, "no such change");
    assertBad(post("/api/reviews/acme/privacy-policy", workflow.editor, "{\"note\": \"x\"}"), 405, "written at");
    assertBad(post(changed(), workflow.editor, "{\"note\": \"" + "y".repeat(20_000) + "\"}"), 413, "larger");
    assertBad(get("/api/reviews?state=finished", workflow.viewer), 400, "state");
    assertBad(get("/api/reviews?kinds=big", workflow.viewer), 400, "unknown change kind");
    assertBad(get("/api/reviews?vendor=Acme!", workflow.viewer), 400, "vendor");
    assertBad(get("/api/reviews?size=500", workflow.viewer), 400, "size");
    assertBad(get("/api/reviews/acme/privacy-policy", workflow.viewer), 400, "ids");
    assertThat(workflow.reviews.get(KnownHistory.ACME, history.changed.changeId()).trail()).isEmpty();
    assertThat(send(get(changed(), workflow.viewer)).statusCode()).as("the API goes on answering").isEqualTo(200);
  }

  @Test
  void shouldRefuseAWriteBasedOnAnOutdatedTrailAndShowTheCurrentOne() throws Exception {
    json(post(changed(), workflow.editor, "{\"state\": \"in-review\", \"basedOn\": 0}"));
    HttpResponse<String> stale = send(post(changed(), workflow.editor,
        "{\"state\": \"reviewed-no-action\", \"basedOn\": 0}"));
    assertThat(stale.statusCode()).isEqualTo(409);
    JsonNode answer = Json.mapper().readTree(stale.body());
    assertThat(answer.get("error").asText()).contains("changed since you read it");
    assertThat(answer.get("review").get("state").asText()).isEqualTo("in-review");
    assertThat(json(get(changed(), workflow.viewer)).get("trail")).hasSize(1);
    JsonNode again = json(post(changed(), workflow.editor, "{\"state\": \"in-review\", \"basedOn\": 1}"));
    assertThat(again.get("trail")).as("setting the state it has adds nothing").hasSize(1);
  }

  private String globexFirst() throws Exception {
    JsonNode timeline = json(get("/api/documents/globex/terms/changes", workflow.viewer));
    return timeline.get("items").get(0).get("changeId").asText();
  }

  private static List<String> ids(JsonNode queue) {
    List<String> ids = new ArrayList<>();
    queue.get("items").forEach(i -> ids.add(i.get("entry").get("changeId").asText()));
    return ids;
  }

  private void assertBad(HttpRequest.Builder request, int status, String reason) throws Exception {
    HttpResponse<String> r = send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(Json.mapper().readTree(r.body()).get("error").asText()).as(r.body()).contains(reason);
  }

  private JsonNode json(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private HttpRequest.Builder get(String path, String token) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET();
  }

  private HttpRequest.Builder post(String path, String token, String body) {
    return write(path, token, body);
  }

  private HttpRequest.Builder write(String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
