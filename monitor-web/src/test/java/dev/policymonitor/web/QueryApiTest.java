package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.streams.query.QueryViews;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query API over HTTP, against the query topology fed a known history through its input topics. */
class QueryApiTest {
  @TempDir Path stateDir;
  private KnownHistory history;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    history = new KnownHistory(stateDir);
    base = history.serve(InstanceRouter.LOCAL);
  }

  @AfterEach
  void stop() {
    history.close();
  }

  @Test
  void shouldListDocumentsWithHealthAndLastChange() throws Exception {
    JsonNode page = json("/api/documents");
    assertThat(page.get("total").asInt()).isEqualTo(2);
    JsonNode acme = page.get("items").get(0);
    assertThat(acme.get("key").asText()).isEqualTo(KnownHistory.ACME);
    assertThat(acme.get("health").asText()).isEqualTo("ok");
    assertThat(acme.get("lastChangeId").asText()).isEqualTo(history.changed.changeId());
    assertThat(acme.get("lastChangeAt").asText()).isEqualTo(KnownHistory.T2.toString());
    assertThat(acme.get("lastCheckedAt").asText()).isEqualTo(KnownHistory.T2.toString());
    assertThat(acme.get("changeCount").asInt()).isEqualTo(3);
    assertThat(acme.get("versionCount").asInt()).isEqualTo(3);
    JsonNode globex = page.get("items").get(1);
    assertThat(globex.get("health").asText()).isEqualTo("failing");
    assertThat(globex.get("lastError").get("status").asInt()).isEqualTo(503);
  }

  @Test
  void shouldFilterDocumentsByVendorSeverityAndCategory() throws Exception {
    assertThat(keys(json("/api/documents?vendor=globex"))).containsExactly(KnownHistory.GLOBEX);
    assertThat(keys(json("/api/documents?severity=high"))).containsExactly(KnownHistory.ACME);
    assertThat(keys(json("/api/documents?severity=low"))).containsExactly(KnownHistory.ACME, KnownHistory.GLOBEX);
    assertThat(keys(json("/api/documents?category=sale-of-data"))).containsExactly(KnownHistory.ACME);
    assertThat(keys(json("/api/documents?category=children"))).isEmpty();
    JsonNode paged = json("/api/documents?page=1&size=1");
    assertThat(keys(paged)).containsExactly(KnownHistory.GLOBEX);
    assertThat(paged.get("total").asInt()).isEqualTo(2);
  }

  @Test
  void shouldListTimelineNewestCapturedFirstWithLateWaybackCaptureInPlace() throws Exception {
    JsonNode page = json("/api/documents/acme/privacy-policy/changes");
    assertThat(ids(page)).containsExactly(history.changed.changeId(), history.first.changeId(),
        history.historical.changeId());
    assertThat(page.get("items").get(0).get("severity").asText()).isEqualTo("high");
    assertThat(page.get("items").get(0).get("categories").toString()).contains("sale-of-data");
    JsonNode second = json("/api/documents/acme/privacy-policy/changes?page=1&size=1");
    assertThat(ids(second)).containsExactly(history.first.changeId());
    assertThat(second.get("total").asInt()).isEqualTo(3);
    assertThat(ids(json("/api/documents/acme/privacy-policy/changes?severity=high")))
        .containsExactly(history.changed.changeId());
    assertThat(ids(json("/api/documents/acme/privacy-policy/changes?category=data-retention")))
        .containsExactly(history.changed.changeId());
  }

  @Test
  void shouldServeOneChangeWithItsFullDiffUnderEveryPermalink() throws Exception {
    String id = history.changed.changeId();
    JsonNode view = json("/api/changes/" + id);
    assertThat(json("/api/changes/acme/privacy-policy/" + id)).isEqualTo(view);
    assertThat(json("/api/documents/acme/privacy-policy/changes/" + id)).isEqualTo(view);
    assertThat(view.get("permalink").asText()).isEqualTo("#/changes/acme/privacy-policy/" + id);
    assertThat(view.get("change").get("modified")).hasSize(2);
    JsonNode diff = view.get("diff");
    assertThat(diff.get("fromVersions").asBoolean()).isTrue();
    List<String> inserted = segments(diff, "inserted");
    List<String> deleted = segments(diff, "deleted");
    assertThat(inserted).contains("may", "90").anyMatch(s -> s.contains("selected advertising partners"));
    assertThat(deleted).contains("never", "30");
    assertThat(rows(diff, "moved-from")).containsExactly("We share data with processors.");
    assertThat(rows(diff, "moved-to")).containsExactly("We share data with processors.");
    assertThat(rows(diff, "added")).containsExactly(KnownHistory.HOSTILE);
    assertThat(sectionOf(diff, "We keep logs for")).isEqualTo("Retention");
  }

  @Test
  void shouldLinkWaybackCapturesToTheirIdUrl() throws Exception {
    JsonNode view = json("/api/changes/" + history.historical.changeId());
    assertThat(view.get("captureUrl").asText())
        .isEqualTo("https://web.archive.org/web/20230601000000id_/https://acme.example/privacy");
    assertThat(CaptureLinks.original("javascript:alert(1)", SnapshotSource.LIVE, Instant.EPOCH)).isNull();
  }

  @Test
  void shouldListVersionsAndServeOneVersionText() throws Exception {
    JsonNode versions = json("/api/documents/acme/privacy-policy/versions");
    List<String> at = new ArrayList<>();
    versions.get("items").forEach(v -> at.add(v.get("capturedAt").asText()));
    assertThat(at).containsExactly(KnownHistory.T2.toString(), KnownHistory.T1.toString(),
        KnownHistory.T_WAYBACK.toString());
    assertThat(versions.get("items").get(0).has("text")).isFalse();
    JsonNode v1 = json("/api/documents/acme/privacy-policy/versions/" + KnownHistory.T1);
    assertThat(v1.get("text").asText()).isEqualTo(KnownHistory.V1);
  }

  @Test
  void shouldAnswerUnknownKeysWith404AndBadInputWith400() throws Exception {
    assertThat(get("/api/documents/acme/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/api/changes/doesnotexist").statusCode()).isEqualTo(404);
    assertThat(get("/api/changes/globex/terms/" + history.changed.changeId()).statusCode()).isEqualTo(404);
    assertThat(get("/api/documents/ACME!/x").statusCode()).isEqualTo(400);
    assertThat(get("/api/documents?severity=urgent").statusCode()).isEqualTo(400);
    assertThat(get("/api/documents?size=100000").statusCode()).isEqualTo(400);
    assertThat(get("/api/documents/acme/privacy-policy/versions/yesterday").statusCode()).isEqualTo(400);
    HttpResponse<String> error = get("/api/documents/acme/nothing");
    assertThat(Json.mapper().readTree(error.body()).get("error").asText()).contains("acme/nothing");
  }

  @Test
  void shouldSendStrictContentSecurityPolicyOnPageAndApi() throws Exception {
    for (String path : List.of("/", "/app.js", "/app.css", "/api/documents")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
              + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    assertThat(get("/").body()).doesNotContain("<script>").doesNotContain("style=");
    assertThat(get("/app.js").body()).doesNotContain(".innerHTML").doesNotContain("insertAdjacentHTML");
    HttpResponse<String> redirect = get("/changes/acme/privacy-policy/" + history.changed.changeId());
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValue("/#/changes/acme/privacy-policy/" + history.changed.changeId());
  }

  @Test
  void shouldCountARedeliveredChangeOnceAndKeepVersionsBounded() throws Exception {
    history.changes.pipeInput(KnownHistory.ACME, history.changed);
    assertThat(json("/api/documents/acme/privacy-policy").get("changeCount").asInt()).isEqualTo(3);
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    int extra = QueryViews.MAX_VERSIONS_PER_DOCUMENT + 5;
    for (int i = 0; i < extra; i++) {
      history.versions.pipeInput(KnownHistory.ACME, KnownHistory.version(KnownHistory.ACME, "text " + i,
          t.plusSeconds(i), "https://acme.example/privacy", SnapshotSource.LIVE));
    }
    JsonNode versions = json("/api/documents/acme/privacy-policy/versions?size=200");
    assertThat(versions.get("total").asInt()).isEqualTo(QueryViews.MAX_VERSIONS_PER_DOCUMENT);
    assertThat(versions.get("items").get(0).get("capturedAt").asText())
        .isEqualTo(t.plusSeconds(extra - 1).toString());
    assertThat(json("/api/documents/acme/privacy-policy").get("versionCount").asInt())
        .isEqualTo(QueryViews.MAX_VERSIONS_PER_DOCUMENT);
  }

  @Test
  void shouldSummariseTheNewestVersionsLanguageAndRenderingAndKeepThemAcrossAnOlderCapture() throws Exception {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    history.versions.pipeInput(KnownHistory.ACME, new dev.policymonitor.model.Version(KnownHistory.ACME,
        "Texte rendu.", null, "test-1", t, "SNAP-R", "https://acme.example/privacy", SnapshotSource.LIVE, null, "fr",
        dev.policymonitor.model.Rendering.DECLARED));
    history.versions.pipeInput(KnownHistory.ACME, KnownHistory.version(KnownHistory.ACME, "Older text.",
        Instant.parse("2020-01-01T00:00:00Z"), "https://acme.example/privacy", SnapshotSource.WAYBACK));
    JsonNode acme = json("/api/documents/acme/privacy-policy");
    assertThat(acme.get("language").asText()).isEqualTo("fr");
    assertThat(acme.get("rendering").asText()).isEqualTo("declared");
  }

  @Test
  void shouldSkipARecordItCannotIndexAndKeepIndexingTheRest() throws Exception {
    Instant at = Instant.parse("2025-02-01T00:00:00Z");
    history.changes.pipeInput("BAD KEY/x", KnownHistory.change("BAD KEY/x", dev.policymonitor.model.ChangeKind.FIRST,
        null, at, null, "D", List.of(), List.of(), List.of(), List.of(), dev.policymonitor.model.Severity.LOW,
        List.of(), List.of(), SnapshotSource.LIVE, null));
    history.versions.pipeInput("initech/privacy", KnownHistory.version("initech/privacy", "Text.", at,
        "https://initech.example/privacy", SnapshotSource.LIVE));
    assertThat(keys(json("/api/documents"))).containsExactly(KnownHistory.ACME, KnownHistory.GLOBEX,
        "initech/privacy");
  }

  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.get("items").forEach(d -> keys.add(d.get("key").asText()));
    return keys;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(d -> ids.add(d.get("changeId").asText()));
    return ids;
  }

  private static List<String> segments(JsonNode diff, String kind) {
    List<String> texts = new ArrayList<>();
    diff.get("rows").forEach(r -> r.get("segments").forEach(s -> {
      if (s.get("kind").asText().equals(kind) && r.get("type").asText().equals("modified")) {
        texts.add(s.get("text").asText().trim());
      }
    }));
    return texts;
  }

  private static List<String> rows(JsonNode diff, String type) {
    List<String> texts = new ArrayList<>();
    diff.get("rows").forEach(r -> {
      if (r.get("type").asText().equals(type)) {
        StringBuilder text = new StringBuilder();
        r.get("segments").forEach(s -> text.append(s.get("text").asText()));
        texts.add(text.toString());
      }
    });
    return texts;
  }

  private static String sectionOf(JsonNode diff, String textStart) {
    for (JsonNode r : diff.get("rows")) {
      if (r.get("segments").size() > 0 && r.get("segments").get(0).get("text").asText().startsWith(textStart)) {
        return r.get("section").asText();
      }
    }
    return null;
  }

  private JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
