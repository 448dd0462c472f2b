package dev.policymonitor.web.vendors;

import static dev.policymonitor.web.vendors.VendorsFixture.EDITOR;
import static dev.policymonitor.web.vendors.VendorsFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.web.HeadlessChromium;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendors screens with authentication on, in Debian's headless chromium: a viewer logged in with a token reads
 * the list and a document's settings but gets no button that writes; an editor's browser session adds a vendor
 * through the form (the page sends the session's CSRF token, without which the server refuses), and a selector the
 * vendors file would refuse is refused with its field outlined, and an Open Terms Archive declaration is imported
 * (a dry run first).
 */
class VendorsRolesBrowserTest {
  @TempDir Path dir;
  private VendorsFixture web;
  private HeadlessChromium browser;

  @BeforeEach
  void start() throws Exception {
    Chromium.require();
    web = new VendorsFixture(dir, FetcherConfig.defaults());
    browser = HeadlessChromium.start(1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  void shouldLetAViewerReadOnlyAndAnEditorsSessionAddAVendor() throws Exception {
    assertThat(web.send("POST", "/api/vendors", "{\"id\": \"acme\", \"name\": \"Acme\", \"documents\": "
        + "[{\"type\": \"privacy-policy\", \"url\": \"https://acme.example/privacy\", \"select\": [\"main\"]}]}",
        EDITOR).status()).isEqualTo(201);

    logIn(VIEWER, "#/vendors");
    ready("document.querySelector(\"[data-key='acme/privacy-policy']\")");
    assertThat(count("#add-vendor, #import, [data-testid=edit], [data-testid=pause], [data-testid=remove], "
        + "[data-testid=add-document]")).as("no write for a viewer").isZero();
    assertThat(count("#export")).isEqualTo(1);
    browser.navigate(web.base + "/#/vendors/acme/privacy-policy");
    ready("document.querySelector('#document-form')");
    assertThat(browser.eval("document.querySelector('#doc-url').value").asText())
        .isEqualTo("https://acme.example/privacy");
    assertThat(count("#save, #preview-live")).isZero();
    assertThat(count("#preview-stored, #preview-ignore")).as("reading previews is a viewer's").isEqualTo(2);

    browser.send("Network.clearBrowserCookies", Map.of());
    logIn(EDITOR, "#/vendors/_new");
    ready("document.querySelector('#document-form') && document.querySelector('#save')");
    type("#vendor-id", "globex");
    type("#vendor-name", "Globex");
    type("#doc-url", "https://globex.example/privacy");
    type("#doc-select", "main >");
    browser.click("#save");
    browser.waitFor("document.querySelector('#form-message[data-state=error]')");
    assertThat(text("#form-message")).contains("select");
    assertThat(browser.eval("document.querySelector('#doc-select').classList.contains('invalid')").asBoolean())
        .isTrue();
    assertThat(web.get("/api/vendors/globex", VIEWER).status()).as("nothing written").isEqualTo(404);

    type("#doc-select", "main");
    browser.click("#save");
    ready("document.querySelector(\"[data-key='globex/privacy-policy']\")");
    assertThat(text("[data-key='globex/privacy-policy'] .audit")).startsWith("changed by " + EDITOR + " ");
    assertThat(web.get("/api/vendors/globex/privacy-policy", VIEWER).json().get("updatedBy").asText())
        .isEqualTo(EDITOR);

    // An Open Terms Archive declaration, imported from the page: checked first, then applied.
    browser.click("#import");
    ready("document.querySelector('#ota-text')");
    type("#ota-name", "Initech.json");
    type("#ota-text", "{\"name\": \"Initech\", \"terms\": {\"Privacy Policy\": {\"fetch\": "
        + "\"https://initech.example/privacy\", \"select\": [\"main\"], \"filter\": [\"removeAds\"]}}}");
    browser.click("#ota-check");
    browser.waitFor("document.querySelector('#ota-plan[data-state=planned]')");
    assertThat(text("#ota-plan .plan-summary")).isEqualTo("Would do: 1 added, 0 changed, 0 removed, 0 unchanged.");
    assertThat(text("#ota-plan .plan-warnings")).contains("removeAds");
    assertThat(web.get("/api/vendors/initech/privacy-policy", VIEWER).status()).as("a dry run").isEqualTo(404);
    browser.click("#ota-apply");
    ready("document.querySelector(\"[data-key='initech/privacy-policy']\")");
    assertThat(web.get("/api/vendors/initech/privacy-policy", VIEWER).json().get("updatedBy").asText())
        .isEqualTo(EDITOR);

    assertThat(browser.consoleErrors).isEmpty();
    assertThat(browser.dialogs).isEmpty();
  }

  /** Loads the page afresh (a new hash alone would keep the page and its session) and logs in with a token. */
  private void logIn(String user, String hash) {
    browser.navigate("about:blank");
    browser.navigate(web.base + "/" + hash);
    browser.waitFor("document.body.dataset.ready && document.querySelector('#token')");
    browser.eval("document.querySelector('#token').value = " + TextNode.valueOf(web.tokens.get(user)));
    browser.click("#login");
  }

  private void ready(String condition) {
    try {
      browser.waitFor("document.body.dataset.ready && (" + condition + ")");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; the page shows: "
          + browser.eval("location.hash + ' | ' + document.body.innerText").asText() + "; console: " + browser.consoleErrors + "; dialogs: " + browser.dialogs, e);
    }
  }

  private int count(String selector) {
    return browser.eval("document.querySelectorAll(" + TextNode.valueOf(selector) + ").length").asInt();
  }

  private void type(String selector, String value) {
    browser.eval("document.querySelector(" + TextNode.valueOf(selector) + ").value = " + TextNode.valueOf(value));
  }

  private String text(String selector) {
    return browser.eval("document.querySelector(" + TextNode.valueOf(selector) + ").textContent").asText();
  }
}
