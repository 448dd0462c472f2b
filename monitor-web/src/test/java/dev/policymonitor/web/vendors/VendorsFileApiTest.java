package dev.policymonitor.web.vendors;

import static dev.policymonitor.web.vendors.VendorsFixture.ADMIN;
import static dev.policymonitor.web.vendors.VendorsFixture.EDITOR;
import static dev.policymonitor.web.vendors.VendorsFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole list as a vendors file: export, import with a dry-run diff first, replace for admins, OTA import. */
class VendorsFileApiTest {
  private static final String TRACKED = """
      {"id": "acme", "name": "Acme Corp", "documents": [
        {"type": "privacy-policy", "url": "https://acme.example/privacy", "select": ["main"], "pollInterval": "PT1H",
         "ignore": ["Last reviewed by", {"regex": "[0-9]+ visits"}]},
        {"type": "terms", "url": "https://acme.example/terms", "paused": true}]}
      """;
  private static final String IMPORTED = """
      vendors:
        - id: acme
          name: Acme Corp
          documents:
            - type: privacy-policy
              url: https://acme.example/privacy
              select: [article]
              pollInterval: PT1H
              ignore: ["Last reviewed by", {regex: "[0-9]+ visits"}]
        - id: globex
          documents:
            - {type: privacy-policy, url: "https://globex.example/privacy"}
      """;

  @TempDir Path dir;
  private VendorsFixture web;

  @BeforeEach
  void start() throws Exception {
    web = new VendorsFixture(dir, FetcherConfig.defaults());
    assertThat(web.send("POST", "/api/vendors", TRACKED, EDITOR).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void shouldExportWhatIsTrackedAsAVendorsFileTheMonitorReadsBack() throws Exception {
    VendorsFixture.Answer export = web.get("/api/vendors-file", VIEWER);

    assertThat(export.status()).isEqualTo(200);
    assertThat(export.response().headers().firstValue("Content-Type")).hasValue("application/yaml; charset=utf-8");
    assertThat(export.response().headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"vendors.yaml\"");
    assertThat(export.raw()).startsWith("# policy-monitor vendors file: what was tracked at");
    List<Target> readBack = VendorsConfig.parse(new ByteArrayInputStream(export.raw().getBytes(StandardCharsets.UTF_8)),
        "export").targets();
    JsonNode tracked = web.get("/api/vendors/acme", VIEWER).json().get("documents");
    assertThat(readBack).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(readBack.get(i).vendorName()).isEqualTo("Acme Corp");
      DocumentDeclaration now = Json.mapper().treeToValue(tracked.get(i).get("declaration"),
          DocumentDeclaration.class);
      assertThat(withoutInterval(readBack.get(i).declaration())).isEqualTo(withoutInterval(now));
      assertThat(readBack.get(i).pollInterval().toString()).isEqualTo(tracked.get(i).get("pollInterval").asText());
    }
    assertThat(readBack.get(1).declaration().pollingPaused()).isTrue();
  }

  @Test
  void shouldShowTheDiffOfADryRunAndWriteOnlyWhenApplied() throws Exception {
    VendorsFixture.Answer dry = importFile("merge", true, IMPORTED, EDITOR);

    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.json().get("applied").asBoolean()).isFalse();
    assertThat(dry.json().get("added").findValuesAsText("key")).containsExactly("globex/privacy-policy");
    assertThat(dry.json().at("/changed/0/key").asText()).isEqualTo("acme/privacy-policy");
    assertThat(dry.json().at("/changed/0/fields").toString()).isEqualTo("[\"select\"]");
    assertThat(dry.json().get("removed")).as("a merge removes nothing").isEmpty();
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).as("a dry run writes nothing").hasSize(1);

    VendorsFixture.Answer applied = importFile("merge", false, IMPORTED, EDITOR);

    assertThat(applied.json().get("applied").asBoolean()).isTrue();
    JsonNode vendors = web.get("/api/vendors", VIEWER).json().get("vendors");
    assertThat(vendors.findValuesAsText("id")).containsExactly("acme", "globex");
    assertThat(web.get("/api/vendors/acme/privacy-policy", VIEWER).json().at("/declaration/select/0").asText())
        .isEqualTo("article");
    assertThat(web.get("/api/vendors/globex/privacy-policy", VIEWER).json().get("updatedBy").asText())
        .isEqualTo(EDITOR);
    assertThat(web.get("/api/vendors/acme/terms", VIEWER).status()).as("a merge keeps what the file omits")
        .isEqualTo(200);
    assertThat(importFile("merge", true, IMPORTED, EDITOR).json().get("unchanged").asInt())
        .as("importing the same file again changes nothing").isEqualTo(2);
  }

  @Test
  void shouldLetOnlyAnAdminReplaceTheWholeList() throws Exception {
    VendorsFixture.Answer dry = importFile("replace", true, IMPORTED, EDITOR);
    assertThat(dry.json().get("removed").toString()).isEqualTo("[\"acme/terms\"]");

    VendorsFixture.Answer editor = importFile("replace", false, IMPORTED, EDITOR);
    assertThat(editor.status()).isEqualTo(403);
    assertThat(editor.error()).contains("admin role");
    assertThat(web.get("/api/vendors/acme/terms", VIEWER).status()).isEqualTo(200);

    assertThat(importFile("replace", false, IMPORTED, ADMIN).status()).isEqualTo(200);
    assertThat(web.get("/api/vendors/acme/terms", VIEWER).status()).isEqualTo(404);
    assertThat(web.get("/api/vendors/globex/privacy-policy", VIEWER).json().get("updatedBy").asText())
        .isEqualTo(ADMIN);
  }

  @Test
  void shouldRefuseAWrongFileAsAWholeWithItsLineAndWriteNothing() throws Exception {
    String wrong = IMPORTED + """
          - id: initech
            documents:
              - {type: privacy-policy, url: "https://initech.example/p", select: ["div >"]}
        """;

    VendorsFixture.Answer refused = importFile("merge", false, wrong, EDITOR);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).startsWith("uploaded vendors file, line 15: vendors[2].documents[0].select[0]: not a valid CSS");
    assertThat(refused.field()).isEqualTo("vendors[2].documents[0].select[0]");
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).as("nothing was written").hasSize(1);
    VendorsFixture.Answer notYaml = importFile("merge", true, "vendors: [unclosed", EDITOR);
    assertThat(notYaml.status()).isEqualTo(400);
    assertThat(notYaml.error()).contains("line");
    assertThat(importFile("upsert", true, IMPORTED, EDITOR).field()).isEqualTo("mode");
  }

  @Test
  void shouldImportAnOtaDeclarationWithItsHistory() throws Exception {
    String ota = """
        {"name": "Initech.json",
         "declaration": {"name": "Initech", "terms": {"Privacy Policy": {
           "fetch": "https://initech.example/privacy", "select": ["main"], "filter": ["removeAds"]}}},
         "history": {"Privacy Policy": [{"fetch": "https://initech.example/privacy", "select": [".old"],
           "validUntil": "2023-06-30"}]}}
        """;

    VendorsFixture.Answer dry = web.send("POST", "/api/ota-import?dryRun=true", ota, EDITOR);
    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.json().get("added").findValuesAsText("key")).containsExactly("initech/privacy-policy");
    assertThat(dry.json().get("warnings").get(0).asText()).contains("removeAds");
    assertThat(web.get("/api/vendors/initech/privacy-policy", VIEWER).status()).isEqualTo(404);

    assertThat(web.send("POST", "/api/ota-import?dryRun=false", ota, EDITOR).json().get("applied").asBoolean())
        .isTrue();
    JsonNode target = web.get("/api/vendors/initech/privacy-policy", VIEWER).json();
    assertThat(target.get("vendorName").asText()).isEqualTo("Initech");
    assertThat(target.get("origin").asText()).isEqualTo("web");
    assertThat(target.at("/history/0/declaration/select/0").asText()).isEqualTo(".old");
    assertThat(target.at("/history/0/validUntil").asText()).startsWith("2023-06-30T23:59:59");

    VendorsFixture.Answer broken = web.send("POST", "/api/ota-import", "{\"name\": \"X.json\", \"declaration\": "
        + "{\"name\": \"X\", \"terms\": {\"Privacy Policy\": {\"select\": \"main\"}}}}", EDITOR);
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.error()).contains("no \"fetch\" URL");
  }

  private static DocumentDeclaration withoutInterval(DocumentDeclaration d) {
    return new DocumentDeclaration(d.type(), d.url(), d.select(), d.remove(), d.filters(), d.render(),
        null, d.paused(), d.ignore());
  }

  private VendorsFixture.Answer importFile(String mode, boolean dryRun, String yaml, String user) throws Exception {
    return web.send(web.request("/api/vendors-file?mode=" + mode + "&dryRun=" + dryRun, user)
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }
}
