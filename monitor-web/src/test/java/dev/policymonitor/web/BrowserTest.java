package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser (Debian's headless chromium over CDP): click from the document list through the
 * timeline to a change, check the word-level highlights, moved blocks and section headings, check that a hostile
 * sentence stays text, and save screenshots under {@code target/screenshots/}.
 */
class BrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  @TempDir Path stateDir;
  private KnownHistory history;
  private URI base;
  private HeadlessChromium browser;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "browser test skipped: Debian chromium is not installed at " + HeadlessChromium.BINARY
            + " (apt-get install -y chromium)");
    history = new KnownHistory(stateDir);
    base = history.serve(InstanceRouter.LOCAL);
    browser = HeadlessChromium.start(1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (history != null) {
      history.close();
    }
  }

  @Test
  void shouldClickThroughToAChangeAndHighlightTheChangedWords() throws Exception {
    browser.navigate(base + "/");
    browser.waitFor("document.body.dataset.ready && document.querySelectorAll('.card').length === 2");
    assertThat(texts("[data-key='globex/terms'] [data-health]")).containsExactly("fetch failing");
    assertThat(texts("[data-key='acme/privacy-policy'] [data-health]")).containsExactly("healthy");
    browser.screenshot(SCREENSHOTS.resolve("documents.png"), true);

    browser.click("[data-key='acme/privacy-policy'] a.doc-link");
    browser.waitFor("document.body.dataset.ready && document.querySelectorAll('.timeline li').length === 3");
    assertThat(browser.eval("location.hash").asText()).isEqualTo("#/documents/acme/privacy-policy");
    assertThat(texts(".timeline li .badge.kind")).containsExactly("changed", "first", "historical");
    browser.screenshot(SCREENSHOTS.resolve("timeline.png"), true);

    browser.click(".timeline li[data-change='" + history.changed.changeId() + "'] a.change-link");
    browser.waitFor("document.body.dataset.ready && document.querySelector('#diff .row')");
    assertThat(browser.eval("location.hash").asText())
        .isEqualTo("#/changes/acme/privacy-policy/" + history.changed.changeId());

    List<String> inserted = texts("#diff .row.modified ins.word");
    List<String> deleted = texts("#diff .row.modified del.word");
    assertThat(inserted).contains("may", "90").anyMatch(s -> s.contains("selected advertising partners"));
    assertThat(deleted).contains("never", "30");
    assertThat(texts("#diff .row.moved-to .cell.after")).singleElement().asString()
        .contains("moved here").contains("We share data with processors.");
    assertThat(texts("#diff .row.context .cell.after.heading")).contains("## Data sharing", "## Retention");
    assertThat(texts("#diff .section")).contains("§ Contact");
    assertThat(texts(".summary .badge")).contains("high", "sale-of-data", "data-retention");
    assertThat(browser.eval("document.querySelector('a.capture-link').href").asText())
        .isEqualTo("https://acme.example/privacy");
    browser.screenshot(SCREENSHOTS.resolve("change-view.png"), true);

    browser.click("#mode-inline");
    browser.waitFor("document.querySelector('#diff.inline')");
    assertThat(texts("#diff.inline .row.modified ins.word")).contains("may", "90");
    assertThat(texts("#diff.inline .row.modified del.word")).contains("never", "30");
    browser.screenshot(SCREENSHOTS.resolve("change-view-inline.png"), true);

    browser.viewport(390, 844, true);
    browser.click("#mode-side");
    browser.waitFor("document.querySelector('#diff.side')");
    assertThat(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean())
        .as("no horizontal scrolling at phone width").isTrue();
    browser.screenshot(SCREENSHOTS.resolve("change-view-phone.png"), true);
    assertThat(browser.consoleErrors).isEmpty();
  }

  @Test
  void shouldRenderAHostileSentenceAsText() throws Exception {
    browser.navigate(base + "/#/changes/acme/privacy-policy/" + history.changed.changeId());
    browser.waitFor("document.body.dataset.ready && document.querySelector('#diff .row.added')");
    assertThat(texts("#diff .row.added .cell.after")).containsExactly(KnownHistory.HOSTILE);
    assertThat(browser.eval("document.querySelectorAll('#main script, #main img, #main [onerror]').length").asInt())
        .isZero();
    assertThat(browser.eval("[...document.scripts].every(s => s.src && new URL(s.src).origin === location.origin)")
        .asBoolean()).as("only the page's own script files").isTrue();
    String index = new String(BrowserTest.class.getResourceAsStream("/dev/policymonitor/web/static/index.html")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(browser.eval("document.scripts.length").asInt()).as("no script element but index.html's own")
        .isEqualTo(index.split("<script ", -1).length - 1);
    browser.click("#mode-inline");
    browser.waitFor("document.querySelector('#diff.inline')");
    assertThat(texts("#diff .row.added .cell")).singleElement().asString().endsWith(KnownHistory.HOSTILE);
    assertThat(browser.eval("document.querySelectorAll('img').length").asInt()).isZero();
    assertThat(browser.dialogs).as("no alert() ran").isEmpty();
  }

  @Test
  void shouldLinkAWaybackChangeToItsWaybackCapture() {
    browser.navigate(base + "/#/changes/" + history.historical.changeId());
    browser.waitFor("document.body.dataset.ready && document.querySelector('a.capture-link')");
    assertThat(browser.eval("document.querySelector('a.capture-link').href").asText())
        .isEqualTo("https://web.archive.org/web/20230601000000id_/https://acme.example/privacy");
    assertThat(browser.eval("document.querySelector('a.capture-link').rel").asText()).contains("noopener");
  }

  @Test
  void shouldLogInWithATokenAndOutAgain() throws Exception {
    java.nio.file.Path tokens = stateDir.resolve("web-tokens");
    String token = dev.policymonitor.web.auth.TokenStore.add(tokens, "alice", dev.policymonitor.web.http.Role.EDITOR,
        dev.policymonitor.web.auth.ApiToken.Scope.API, java.time.Clock.systemUTC()).token();
    history.close();
    history = new KnownHistory(stateDir.resolve("auth"));
    dev.policymonitor.web.auth.WebAccess access = dev.policymonitor.web.auth.WebAccess.create(
        dev.policymonitor.web.auth.WebSecuritySettings.fromEnvironment(java.util.Map.of(
            dev.policymonitor.web.auth.WebSecuritySettings.TOKENS_FILE_ENV, tokens.toString())),
        true, java.time.Clock.systemUTC());
    base = history.serve(InstanceRouter.LOCAL, access, access.routes(),
        dev.policymonitor.web.http.InstanceCredentials.NONE);

    browser.navigate(base + "/#/documents/acme/privacy-policy");
    browser.waitFor("document.body.dataset.ready && document.querySelector('#token')");
    assertThat(texts(".card")).isEmpty();
    browser.eval("document.querySelector('#token').value = 'pmt_wrong'");
    browser.click("#login");
    browser.waitFor("document.querySelector('#login-message.error')");
    assertThat(texts("#login-message")).containsExactly("unknown or revoked token");
    browser.screenshot(SCREENSHOTS.resolve("login.png"), false);

    browser.eval("document.querySelector('#token').value = " + com.fasterxml.jackson.databind.node.TextNode.valueOf(token));
    browser.click("#login");
    browser.waitFor("document.body.dataset.ready && document.querySelectorAll('.timeline li').length === 3");
    assertThat(texts("#who .user")).containsExactly("alice (editor)");
    assertThat(browser.eval("document.cookie").asText()).as("the session cookie is HttpOnly").isEmpty();

    browser.click("#logout");
    browser.waitFor("document.body.dataset.ready && document.querySelector('#token')");
    browser.navigate(base + "/#/");
    browser.waitFor("document.body.dataset.ready && document.querySelector('#token')");
    assertThat(texts("#who .user")).isEmpty();
    assertThat(browser.consoleErrors).isEmpty();
  }

  private List<String> texts(String selector) {
    JsonNode values = browser.eval("[...document.querySelectorAll(" + com.fasterxml.jackson.databind.node.TextNode
        .valueOf(selector) + ")].map(e => e.textContent)");
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }
}
