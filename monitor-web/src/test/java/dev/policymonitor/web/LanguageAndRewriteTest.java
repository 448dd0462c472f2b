package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Rewrite;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Version;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A French document whose policy was cut to 41% and accepted as a major rewrite: the API and the page show its
 * language and both sizes.
 */
class LanguageAndRewriteTest {
  static final String CITYSCOOT = "cityscoot/privacy-policy";
  static final Instant BEFORE = Instant.parse("2024-01-01T10:00:00Z");
  static final Instant AFTER = Instant.parse("2024-03-01T10:00:00Z");
  static final String V1 = """
      # Politique de confidentialité

      Nous conservons vos données de navigation pendant 13 mois.

      Vos données peuvent être transférées hors de l’Union européenne.

      Vous pouvez exercer vos droits auprès de notre délégué.
      """;
  static final String V2 = """
      # Politique de confidentialité

      Vous pouvez exercer vos droits auprès de notre délégué.
      """;

  @TempDir Path stateDir;
  private KnownHistory history;
  private URI base;
  private Change rewrite;

  @BeforeEach
  void start() {
    history = new KnownHistory(stateDir);
    Version v1 = new Version(CITYSCOOT, V1, null, "4", BEFORE, "S1", "https://cityscoot.example/confidentialite",
        SnapshotSource.LIVE, null, "fr");
    Version v2 = new Version(CITYSCOOT, V2, null, "4", AFTER, "S2", "https://cityscoot.example/confidentialite",
        SnapshotSource.LIVE, null, "fr");
    Change first = new Change(Change.idFor(CITYSCOOT, null, v1.textDigest(), BEFORE), CITYSCOOT, "cityscoot",
        "privacy-policy", ChangeKind.FIRST, null, BEFORE, null, v1.textDigest(), List.of(), List.of(), List.of(),
        List.of(), null, Severity.LOW, List.of(), List.of("first version"), List.of(), v1.url(), SnapshotSource.LIVE,
        BEFORE, "fr", null);
    rewrite = new Change(Change.idFor(CITYSCOOT, v1.textDigest(), v2.textDigest(), AFTER), CITYSCOOT, "cityscoot",
        "privacy-policy", ChangeKind.CHANGED, BEFORE, AFTER, v1.textDigest(), v2.textDigest(), List.of(),
        List.of("Nous conservons vos données de navigation pendant 13 mois.",
            "Vos données peuvent être transférées hors de l’Union européenne."), List.of(), List.of(), null,
        Severity.MEDIUM, List.of("data-retention"), List.of("major rewrite: the text went from 183 to 75 characters"),
        List.of(ChangeFlag.MAJOR_REWRITE), v2.url(), SnapshotSource.LIVE, AFTER.plusSeconds(86_400), "fr",
        new Rewrite(183, 75, AFTER.plusSeconds(86_400)));
    history.versions.pipeInput(CITYSCOOT, v1);
    history.changes.pipeInput(CITYSCOOT, first);
    history.versions.pipeInput(CITYSCOOT, v2);
    history.changes.pipeInput(CITYSCOOT, rewrite);
    base = history.serve(InstanceRouter.LOCAL);
  }

  @AfterEach
  void stop() {
    history.close();
  }

  @Test
  void shouldServeTheLanguageOfDocumentsVersionsAndChangesAndTheSizesOfARewrite() throws Exception {
    assertThat(json("/api/documents/cityscoot/privacy-policy").get("language").asText()).isEqualTo("fr");
    assertThat(json("/api/documents/acme/privacy-policy").get("language").isNull()).isTrue();
    JsonNode versions = json("/api/documents/cityscoot/privacy-policy/versions");
    assertThat(versions.get("items").get(0).get("language").asText()).isEqualTo("fr");
    JsonNode change = json("/api/changes/cityscoot/privacy-policy/" + rewrite.changeId()).get("change");
    assertThat(change.get("language").asText()).isEqualTo("fr");
    assertThat(change.get("flags").toString()).isEqualTo("[\"major-rewrite\"]");
    assertThat(change.get("rewrite").get("previousLength").asInt()).isEqualTo(183);
    assertThat(change.get("rewrite").get("length").asInt()).isEqualTo(75);
  }

  @Test
  void shouldShowTheLanguageAndTheRewriteOnThePage() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "browser test skipped: Debian chromium is not installed at " + HeadlessChromium.BINARY);
    try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
      browser.navigate(base + "/");
      browser.waitFor("document.body.dataset.ready && document.querySelectorAll('.card').length === 3");
      assertThat(browser.eval("document.querySelector(\"[data-key='cityscoot/privacy-policy'] .badge.lang\")"
          + ".textContent").asText()).isEqualTo("French (fr)");
      assertThat(browser.eval("document.querySelectorAll(\"[data-key='acme/privacy-policy'] .badge.lang\").length")
          .asInt()).isZero();

      browser.navigate(base + "/#/changes/cityscoot/privacy-policy/" + rewrite.changeId());
      browser.waitFor("document.body.dataset.ready && document.querySelector('#diff .row')");
      assertThat(browser.eval("document.querySelector('.summary dd.language').textContent").asText())
          .isEqualTo("French (fr)");
      assertThat(browser.eval("document.querySelector('.summary dd.rewrite').textContent").asText())
          .startsWith("183 → 75 characters (-59%)");
      assertThat(browser.eval("document.getElementById('diff').lang").asText()).isEqualTo("fr");
      assertThat(browser.eval("[...document.querySelectorAll('.summary .badge.flag')].map(e => e.textContent)")
          .toString()).isEqualTo("[\"major-rewrite\"]");
      browser.screenshot(BrowserTest.SCREENSHOTS.resolve("change-view-major-rewrite.png"), true);
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }
}
