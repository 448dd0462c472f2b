package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One change as an evidence file: a self-contained HTML download (no script, no external resource, every piece of
 * policy text and every note escaped) with both versions' texts and the diff, capture times, source and capture
 * links, snapshot and text digests, the extraction rules in force, the classification and the review trail; the
 * same as PDF; and the data as JSON.
 */
class EvidenceExportTest {
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

  private String evidence(String extension) {
    return "/api/evidence/acme/privacy-policy/" + history.changed.changeId() + "." + extension;
  }

  @Test
  void shouldExportAChangeAsASelfContainedHtmlFileWithEverythingAnAuditorNeeds() throws Exception {
    review("{\"state\": \"reviewed-action-needed\", \"note\": \"<script>alert('note')</script> Ask legal.\"}");
    HttpResponse<String> r = get(evidence("html"), workflow.viewer);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"policy-evidence-acme-"
        + "privacy-policy-" + history.changed.changeId() + ".html\"");

    Document doc = Jsoup.parse(r.body());
    assertThat(doc.select("script, link, img, iframe, object, embed, [src], [style], [on]")).as("nothing loads")
        .isEmpty();
    assertThat(r.body()).doesNotContain("<script").doesNotContain("<img");
    for (Element a : doc.select("a[href]")) {
      assertThat(a.attr("href")).matches("https?://.*");
    }
    String text = doc.text();
    assertThat(text).contains("acme / privacy-policy: changed (high severity)")
        .contains(history.changed.changeId()).contains("sale-of-data, data-retention").contains("undisclosed")
        .contains("new: we may sell")
        .contains("2024-01-01 10:00:00 UTC").contains("2024-03-01 10:00:00 UTC").contains("live")
        .contains("SNAP" + KnownHistory.T1.getEpochSecond()).contains("SNAP" + KnownHistory.T2.getEpochSecond())
        .contains(history.changed.previousDigest()).contains(history.changed.digest())
        .contains("select: [\"main\"]").contains("remove: [\".cookie-banner\"]")
        .contains(WorkflowHistory.ACME_RULES.rulesDigest())
        .contains("reviewed, action needed").contains("eddie")
        .contains("note: <script>alert('note')</script> Ask legal.")
        .contains("exported 2026-11-23 10:00:00 UTC by vera")
        .contains(KnownHistory.HOSTILE);
    assertThat(doc.select("a[href]").eachAttr("href")).contains("https://acme.example/privacy",
        base + "/#/changes/acme/privacy-policy/" + history.changed.changeId());
    assertThat(doc.select("ins").eachText()).contains("may", "90");
    assertThat(doc.select("del").eachText()).contains("never", "30");
    assertThat(doc.select("pre").eachText()).as("both versions' full texts")
        .containsExactly(KnownHistory.V1.strip(), KnownHistory.V2.strip());
  }

  @Test
  void shouldLinkAWaybackCaptureAndSayWhenTheTextsAreGone() throws Exception {
    HttpResponse<String> r = get("/api/evidence/acme/privacy-policy/" + history.historical.changeId() + ".html",
        workflow.viewer);
    assertThat(r.statusCode()).isEqualTo(200);
    Document doc = Jsoup.parse(r.body());
    assertThat(doc.select("a[href]").eachAttr("href"))
        .contains("https://web.archive.org/web/20230601000000id_/https://acme.example/privacy");
    assertThat(doc.text()).contains("wayback").contains("Nobody has reviewed this change yet.")
        .contains("None: this is the first version seen.");
  }

  @Test
  void shouldRenderTheSameEvidenceAsPdfAndTheDataAsJson() throws Exception {
    review("{\"note\": \"Signed off by DPO.\"}");
    HttpResponse<byte[]> pdf = http.send(request(evidence("pdf"), workflow.viewer).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).endsWith(".pdf\"");
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("acme / privacy-policy: changed (high severity)").contains("Signed off by DPO.")
          .contains("We may sell customer data to selected advertising partners.");
    }

    JsonNode json = Json.mapper().readTree(get(evidence("json"), workflow.viewer).body());
    assertThat(json.get("change").get("changeId").asText()).isEqualTo(history.changed.changeId());
    assertThat(json.get("current").get("text").asText()).isEqualTo(KnownHistory.V2);
    assertThat(json.get("rules").get("select").get(0).asText()).isEqualTo("main");
  }

  @Test
  void shouldStillRenderAPdfWhenTheTextIsInAScriptTheStandardFontsLack() throws Exception {
    byte[] pdf = dev.policymonitor.web.evidence.EvidencePdf.render("<html><body><p>Korean: \uac1c\uc778\uc815\ubcf4 "
        + "Russian: \u043b\u0438\u0447\u043d\u044b\u0435 French: donn\u00e9es</p></body></html>");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("French: donn\u00e9es").contains("Korean:").doesNotContain("\uac1c");
    }
  }

  @Test
  void shouldRefuseStrangersAndAnswerUnknownChangesAndFormatsClearly() throws Exception {
    assertThat(http.send(HttpRequest.newBuilder(base.resolve(evidence("html"))).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(get(evidence("html"), workflow.feed).statusCode()).isEqualTo(403);
    assertThat(get("/api/evidence/acme/privacy-policy/" + "b".repeat(20) + ".html", workflow.viewer).statusCode())
        .isEqualTo(404);
    assertThat(get("/api/evidence/globex/terms/" + history.changed.changeId() + ".html", workflow.viewer)
        .statusCode()).as("the change of another document").isEqualTo(404);
    assertThat(get(evidence("docx"), workflow.viewer).statusCode()).isEqualTo(404);
    assertThat(get("/api/evidence/Acme/privacy-policy/" + history.changed.changeId() + ".html", workflow.viewer)
        .statusCode()).isEqualTo(400);
  }

  private void review(String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/reviews/acme/privacy-policy/"
        + history.changed.changeId())).header("Authorization", "Bearer " + workflow.editor)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(request(path, token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
