package dev.policymonitor.web.vendors;

import static dev.policymonitor.web.vendors.VendorsFixture.ADMIN;
import static dev.policymonitor.web.vendors.VendorsFixture.EDITOR;
import static dev.policymonitor.web.vendors.VendorsFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.VendorsConfig;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors and documents through the API: list, add, edit, pause, remove, each recorded with who and when and
 * written with origin web; validation by the vendors file's own checks (same messages, the field named); roles
 * (401 without a login, 403 below editor) and CSRF for a browser session.
 */
class VendorsApiTest {
  private static final String ACME = """
      {"id": "acme", "name": "Acme Corp", "documents": [
        {"type": "privacy-policy", "url": "https://acme.example/privacy", "select": ["main#policy"],
         "remove": [".cookie-banner"], "pollInterval": "PT12H",
         "ignore": ["Last reviewed by", {"regex": "Visited [0-9,]+ times"}]}]}
      """;

  @TempDir Path dir;
  private VendorsFixture web;

  @BeforeEach
  void start() throws Exception {
    web = new VendorsFixture(dir, FetcherConfig.defaults());
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void shouldAddListEditPauseAndRemoveVendorsRecordingWhoAndWhen() throws Exception {
    VendorsFixture.Answer added = web.send("POST", "/api/vendors", ACME, EDITOR);
    assertThat(added.status()).isEqualTo(201);
    JsonNode doc = added.json().get("documents").get(0);
    assertThat(doc.get("origin").asText()).isEqualTo("web");
    assertThat(doc.get("updatedBy").asText()).isEqualTo(EDITOR);
    assertThat(doc.get("updatedAt").asText()).isEqualTo(VendorsFixture.NOW.toString());
    assertThat(doc.get("pollInterval").asText()).isEqualTo("PT12H");
    assertThat(doc.at("/declaration/select/0").asText()).isEqualTo("main#policy");
    assertThat(doc.at("/declaration/ignore/1/regex").asText()).isEqualTo("Visited [0-9,]+ times");

    VendorsFixture.Answer again = web.send("POST", "/api/vendors", ACME, EDITOR);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.field()).isEqualTo("id");

    VendorsFixture.Answer terms = web.send("PUT", "/api/vendors/acme/terms",
        "{\"url\": \"https://acme.example/terms\"}", EDITOR);
    assertThat(terms.status()).as("a new document of a known vendor").isEqualTo(201);
    assertThat(terms.json().get("vendorName").asText()).isEqualTo("Acme Corp");
    assertThat(terms.json().get("pollInterval").asText()).as("the vendors file's default").isEqualTo("PT6H");

    JsonNode list = web.get("/api/vendors", VIEWER).json();
    assertThat(list.at("/vendors/0/id").asText()).isEqualTo("acme");
    assertThat(list.at("/vendors/0/name").asText()).isEqualTo("Acme Corp");
    assertThat(list.at("/vendors/0/documents").findValuesAsText("url"))
        .containsExactly("https://acme.example/privacy", "https://acme.example/terms");

    VendorsFixture.Answer edited = web.send("PUT", "/api/vendors/acme/privacy-policy",
        "{\"type\": \"privacy-policy\", \"url\": \"https://acme.example/legal/privacy\", \"select\": [\"article\"], "
            + "\"render\": \"browser\"}",
        ADMIN);
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().get("updatedBy").asText()).isEqualTo(ADMIN);
    assertThat(web.get("/api/vendors/acme/privacy-policy", VIEWER).json().at("/declaration/url").asText())
        .isEqualTo("https://acme.example/legal/privacy");
    assertThat(edited.json().at("/declaration/render").asText()).isEqualTo("browser");

    VendorsFixture.Answer paused = web.send("PATCH", "/api/vendors/acme/privacy-policy", "{\"paused\": true}",
        EDITOR);
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().at("/declaration/paused").asBoolean()).isTrue();
    assertThat(paused.json().at("/declaration/select/0").asText()).as("pausing keeps the rules").isEqualTo("article");

    VendorsFixture.Answer renamed = web.send("PATCH", "/api/vendors/acme", "{\"name\": \"Acme Inc.\", "
        + "\"paused\": false}", EDITOR);
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().get("documents").findValuesAsText("vendorName")).containsOnly("Acme Inc.");
    assertThat(renamed.json().get("documents").findValues("paused")).isEmpty();

    VendorsFixture.Answer removed = web.send("DELETE", "/api/vendors/acme/terms", null, EDITOR);
    assertThat(removed.json().get("removed").get(0).asText()).isEqualTo("acme/terms");
    assertThat(web.get("/api/vendors/acme/terms", VIEWER).status()).isEqualTo(404);
    assertThat(web.send("DELETE", "/api/vendors/acme", null, EDITOR).status()).isEqualTo(200);
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).isEmpty();
    assertThat(web.get("/api/vendors/acme", VIEWER).status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseWhatTheVendorsFileRefusesWithTheSameMessageAndTheField() throws Exception {
    List<String[]> cases = List.of(
        new String[] {"{\"url\": \"https://a.example/p\", \"select\": [\"main >\"]}", "select[0]",
            "select: [\"main >\"]"},
        new String[] {"{\"url\": \"ftp://a.example/p\"}", "url", null},
        new String[] {"{\"url\": \"https://a.example/p\", \"pollInterval\": \"PT0S\"}", "pollInterval",
            "pollInterval: PT0S"},
        new String[] {"{\"url\": \"https://a.example/p\", \"selct\": [\"main\"]}", "selct", "selct: [main]"},
        new String[] {"{\"url\": \"https://a.example/p\", \"ignore\": [{\"regex\": \"(.*a){8}b\"}]}", "ignore[0]",
            "ignore: [{regex: \"(.*a){8}b\"}]"},
        new String[] {"{\"url\": \"https://a.example/p\", \"ignore\": [\"ab\"]}", "ignore[0]", "ignore: [ab]"},
        new String[] {"{\"url\": \"https://a.example/p\", \"pollInterval\": \"six hours\"}", "pollInterval",
            null},
        new String[] {"{\"url\": \"https://a.example/p\", \"type\": \"terms\"}", "type", null},
        new String[] {"{\"url\": \"https://a.example/p\", \"render\": \"sometimes\"}", "render", null},
        new String[] {"{\"select\": [\"main\"]}", null, null});
    List<String> fields = new ArrayList<>();
    for (String[] c : cases) {
      VendorsFixture.Answer refused = web.send("PUT", "/api/vendors/acme/privacy-policy", c[0], EDITOR);
      assertThat(refused.status()).as(c[0]).isEqualTo(400);
      assertThat(refused.error()).as(c[0]).isNotBlank();
      fields.add(refused.field());
      if (c[2] != null) {
        String yaml = "vendors:\n  - id: acme\n    name: acme\n    documents:\n      - type: privacy-policy\n"
            + "        url: https://a.example/p\n        " + c[2] + "\n";
        assertThat(refused.error()).startsWith("request");
        assertThat(withoutOrigin(refused.error())).as("the vendors file's message for " + c[2])
            .isEqualTo(withoutOrigin(fileMessage(yaml)));
      }
    }
    assertThat(fields).containsExactly("select[0]", "url", "pollInterval", "selct", "ignore[0]", "ignore[0]",
        "pollInterval", "type", "render", null);
    VendorsFixture.Answer metadata = web.send("PUT", "/api/vendors/acme/privacy-policy",
        "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}", EDITOR);
    assertThat(metadata.status()).as("the fetcher's SSRF guard, up front").isEqualTo(400);
    assertThat(metadata.field()).isEqualTo("url");
    assertThat(metadata.error()).contains("forbidden target");
    VendorsFixture.Answer metadataFile = web.send("POST", "/api/vendors-file?dryRun=true", "allowTargets: "
        + "[169.254.169.254]\nvendors:\n  - id: acme\n    documents:\n      - type: privacy-policy\n"
        + "        url: http://169.254.169.254/latest/meta-data/\n", EDITOR);
    assertThat(metadataFile.status()).as("an uploaded file cannot widen the process's guard").isEqualTo(400);
    assertThat(metadataFile.error()).contains("forbidden target");
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).as("nothing was written").isEmpty();

    VendorsFixture.Answer badJson = web.send("POST", "/api/vendors", "{not json", EDITOR);
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.error()).startsWith("the body is not valid JSON");
    VendorsFixture.Answer noDocuments = web.send("POST", "/api/vendors", "{\"id\": \"acme\"}", EDITOR);
    assertThat(noDocuments.status()).isEqualTo(400);
    assertThat(noDocuments.field()).isEqualTo("documents");
    VendorsFixture.Answer badId = web.send("POST", "/api/vendors", "{\"id\": \"Acme Corp\", \"documents\": "
        + "[{\"type\": \"privacy-policy\", \"url\": \"https://a.example/p\"}]}", EDITOR);
    assertThat(badId.field()).isEqualTo("id");
    assertThat(web.send("PUT", "/api/vendors/Acme/privacy-policy", "{\"url\": \"https://a.example/p\"}", EDITOR)
        .field()).isEqualTo("vendor");
    assertThat(web.send("PATCH", "/api/vendors/acme/privacy-policy", "{\"paused\": true}", EDITOR).status())
        .as("pausing an unknown document").isEqualTo(404);
    web.send("PUT", "/api/vendors/acme/privacy-policy", "{\"url\": \"https://a.example/p\"}", EDITOR);
    VendorsFixture.Answer badPatch = web.send("PATCH", "/api/vendors/acme/privacy-policy", "{\"url\": \"x\"}",
        EDITOR);
    assertThat(badPatch.status()).isEqualTo(400);
    assertThat(badPatch.field()).isEqualTo("url");
    assertThat(web.send("PATCH", "/api/vendors/acme/privacy-policy", "{\"paused\": \"yes\"}", EDITOR).field())
        .isEqualTo("paused");
    assertThat(raw("GET", "/api/vendors/ac%zzme", VIEWER)).as("refused by the server already").startsWith("HTTP/1.1 400");
    for (String malformed : List.of("/api/vendors/acme/privacy-policy/preview?select=%zz",
        "/api/vendors/acme/privacy-policy/ignore-preview?text=%zz")) {
      assertThat(raw("GET", malformed, VIEWER)).as(malformed).startsWith("HTTP/1.1 400").contains("malformed");
    }
    assertThat(raw("POST", "/api/vendors-file?dryRun=%zz", EDITOR)).startsWith("HTTP/1.1 400").contains("malformed");
  }

  /** The whole answer to a request the JDK client refuses to send (a malformed escape), written on a socket. */
  private String raw(String method, String target, String user) throws Exception {
    try (Socket socket = new Socket(web.base.getHost(), web.base.getPort())) {
      socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + web.tokens.get(user) + "\r\nContent-Type: application/yaml\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldLetViewersReadEditorsWriteAndNobodyWithoutALogin() throws Exception {
    for (String read : List.of("/api/vendors", "/api/vendors/acme", "/api/vendors/acme/privacy-policy",
        "/api/vendors/acme/privacy-policy/preview", "/api/vendors/acme/privacy-policy/ignore-preview?text=x",
        "/api/vendors-file")) {
      assertThat(web.get(read, null).status()).as("GET %s without a login", read).isEqualTo(401);
    }
    String[][] writes = {{"POST", "/api/vendors"}, {"PATCH", "/api/vendors/acme"}, {"DELETE", "/api/vendors/acme"},
        {"PUT", "/api/vendors/acme/privacy-policy"}, {"PATCH", "/api/vendors/acme/privacy-policy"},
        {"DELETE", "/api/vendors/acme/privacy-policy"}, {"POST", "/api/preview"}, {"POST", "/api/vendors-file"},
        {"POST", "/api/ota-import"}};
    for (String[] write : writes) {
      assertThat(web.send(write[0], write[1], ACME, null).status()).as("%s %s without a login", write[0], write[1])
          .isEqualTo(401);
      assertThat(web.send(write[0], write[1], ACME, VIEWER).status()).as("%s %s by a viewer", write[0], write[1])
          .isEqualTo(403);
    }
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).as("nothing was written").isEmpty();
    assertThat(web.get("/api/vendors", VIEWER).status()).isEqualTo(200);
    assertThat(web.send("POST", "/api/vendors", ACME, EDITOR).status()).isEqualTo(201);
    for (String read : List.of("/api/vendors/acme", "/api/vendors/acme/privacy-policy", "/api/vendors-file")) {
      assertThat(web.get(read, VIEWER).status()).as("GET %s by a viewer", read).isEqualTo(200);
    }
    assertThat(web.get("/api/preview", EDITOR).status()).as("preview takes POST only").isEqualTo(405);
    assertThat(web.get("/api/preview", EDITOR).response().headers().firstValue("Allow")).hasValue("POST");
    assertThat(web.send("POST", "/api/vendors/acme", "{}", EDITOR).status()).isEqualTo(405);
    assertThat(web.get("/api/vendors/acme/privacy-policy/history", VIEWER).status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseABrowserSessionsWriteWithoutItsCsrfToken() throws Exception {
    VendorsFixture.Answer login = web.send(HttpRequest.newBuilder(web.base.resolve("/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + web.tokens.get(EDITOR) + "\"}")));
    String cookie = login.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String csrf = login.json().get("csrfToken").asText();

    VendorsFixture.Answer without = web.send(web.request("/api/vendors", null).header("Cookie", cookie)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ACME)));
    assertThat(without.status()).isEqualTo(403);
    assertThat(without.error()).contains("CSRF");
    assertThat(web.get("/api/vendors", VIEWER).json().get("vendors")).as("nothing was written").isEmpty();

    VendorsFixture.Answer with = web.send(web.request("/api/vendors", null).header("Cookie", cookie)
        .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(ACME)));
    assertThat(with.status()).isEqualTo(201);
    assertThat(with.json().at("/documents/0/updatedBy").asText()).isEqualTo(EDITOR);
  }

  private static String fileMessage(String yaml) {
    try {
      VendorsConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "file");
    } catch (InvalidConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("the vendors file accepts " + yaml);
  }

  /** The message without where it was found (origin and line differ between a file and a request). */
  private static String withoutOrigin(String message) {
    return message.replaceFirst("^(file|request)(, line \\d+)?: ", "");
  }

  static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }
}
