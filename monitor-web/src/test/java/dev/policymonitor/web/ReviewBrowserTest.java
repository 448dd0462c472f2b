package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review workflow in a real browser (Debian's headless chromium over CDP), logged in with a token as an editor
 * would: the review queue with its counts, a change marked reviewed with a note (a hostile one, which stays text),
 * its state in the document's timeline, the evidence file downloaded, everything at phone width too; a viewer reads
 * the review but has no form. Screenshots of each screen go to {@code target/screenshots/} (copied to
 * {@code docs/screenshots/}).
 *
 * <p>Element ids for other tests: {@code #review-queue li[data-change]}, {@code #review-tab-<state>},
 * {@code #review-panel}, {@code #review-state}, {@code #review-assignee}, {@code #review-note}, {@code #review-save},
 * {@code #review-message}, {@code #review-trail}, {@code #evidence-html}, {@code #evidence-pdf},
 * {@code .timeline li[data-review-state]}, {@code #review-summary}.
 */
class ReviewBrowserTest {
  static final String NOTE = "Checked with legal: no action.\nNot <img src=x onerror=alert(3)> markup.";
  @TempDir Path dir;
  private WorkflowHistory workflow;
  private KnownHistory history;
  private URI base;
  private HeadlessChromium browser;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "browser test skipped: Debian chromium is not installed at " + HeadlessChromium.BINARY
            + " (apt-get install -y chromium)");
    workflow = new WorkflowHistory(dir);
    history = workflow.history;
    base = workflow.serve(InstanceRouter.LOCAL);
    browser = HeadlessChromium.start(1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (workflow != null) {
      workflow.close();
    }
  }

  @Test
  void shouldMarkAChangeReviewedWithANoteSeeItInTheTimelineAndDownloadTheEvidence() throws Exception {
    logIn(workflow.editor, "#/reviews");
    browser.waitFor("document.body.dataset.ready && document.querySelectorAll('#review-queue li').length === 3");
    assertThat(texts("#review-tab-open .count")).containsExactly("3");
    assertThat(texts("#review-queue li[data-change='" + history.changed.changeId() + "'] .badge.review"))
        .containsExactly("new");
    browser.screenshot(BrowserTest.SCREENSHOTS.resolve("review-queue.png"), true);

    browser.click("#review-queue li[data-change='" + history.changed.changeId() + "'] a.review-link");
    browser.waitFor("document.body.dataset.ready && document.querySelector('#review-panel #review-save')");
    assertThat(browser.eval("location.hash").asText())
        .isEqualTo("#/changes/acme/privacy-policy/" + history.changed.changeId());
    assertThat(texts("#review-current")).containsExactly("new");
    assertThat(texts("#review-trail-empty")).containsExactly("Nobody has reviewed this change yet.");

    browser.eval("(() => { const s = document.querySelector('#review-state'); s.value = 'reviewed-no-action';"
        + " s.dispatchEvent(new Event('change')); })()");
    browser.type("#review-assignee", "eddie");
    browser.type("#review-note", NOTE);
    browser.click("#review-save");
    browser.waitFor("document.querySelector('#review-message') && "
        + "document.querySelector('#review-message').textContent === 'Saved.'");
    assertThat(texts("#review-current")).containsExactly("reviewed, no action");
    assertThat(texts("#review-assignee-current")).containsExactly("assigned to eddie");
    assertThat(texts("#review-trail li .note")).containsExactly(NOTE);
    assertThat(texts("#review-trail li .by")).containsExactly("eddie", "eddie", "eddie");
    assertThat(browser.eval("document.querySelectorAll('#main img, #main [onerror]').length").asInt())
        .as("the note is text").isZero();
    assertThat(workflow.reviews.get(KnownHistory.ACME, history.changed.changeId()).state().wire())
        .isEqualTo("reviewed-no-action");
    browser.screenshot(BrowserTest.SCREENSHOTS.resolve("review-panel.png"), true);

    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    browser.allowDownloads(downloads);
    browser.click("#evidence-html");
    Path file = downloads.resolve("policy-evidence-acme-privacy-policy-" + history.changed.changeId() + ".html");
    waitForFile(file);
    Document evidence = Jsoup.parse(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(evidence.select("script, img, link")).isEmpty();
    assertThat(evidence.text()).contains("reviewed, no action").contains("note: " + NOTE.replace("\n", " "))
        .contains("exported").contains("by eddie");

    browser.navigate(base + "/#/documents/acme/privacy-policy");
    browser.waitFor("document.body.dataset.ready === '#/documents/acme/privacy-policy' && "
        + "document.querySelector('#review-summary')");
    assertThat(texts(".timeline li[data-change='" + history.changed.changeId() + "'] .badge.review"))
        .containsExactly("reviewed, no action");
    assertThat(texts(".timeline li[data-change='" + history.first.changeId() + "'] .badge.review"))
        .containsExactly("new");
    assertThat(texts("#review-summary a")).startsWith("1 change needs review");
    browser.screenshot(BrowserTest.SCREENSHOTS.resolve("timeline-reviews.png"), true);

    browser.viewport(390, 844, true);
    browser.navigate(base + "/#/changes/acme/privacy-policy/" + history.changed.changeId());
    browser.waitFor("document.body.dataset.ready && document.querySelector('#review-trail')");
    assertThat(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean())
        .as("no horizontal scrolling at phone width").isTrue();
    browser.screenshot(BrowserTest.SCREENSHOTS.resolve("review-panel-phone.png"), true);
    browser.navigate(base + "/#/reviews?state=all");
    browser.waitFor("document.body.dataset.ready === '#/reviews?state=all' && document.querySelector('#review-queue')");
    assertThat(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean())
        .as("no horizontal scrolling at phone width").isTrue();
    browser.screenshot(BrowserTest.SCREENSHOTS.resolve("review-queue-phone.png"), true);
    assertThat(browser.consoleErrors).isEmpty();
    assertThat(browser.dialogs).as("no alert() ran").isEmpty();
  }

  @Test
  void shouldShowAViewerTheReviewWithoutAFormAndRefuseAStaleWrite() throws Exception {
    logIn(workflow.viewer, "#/changes/acme/privacy-policy/" + history.changed.changeId());
    browser.waitFor("document.body.dataset.ready && document.querySelector('#review-panel #review-current')");
    assertThat(browser.eval("document.querySelector('#review-save') === null").asBoolean()).isTrue();
    assertThat(texts("#review-panel p.muted")).contains("You can read this review; editors change it.");
    assertThat(browser.eval("document.querySelector('#evidence-pdf').getAttribute('href')").asText())
        .isEqualTo(base + "/api/evidence/acme/privacy-policy/" + history.changed.changeId() + ".pdf");
    assertThat(browser.consoleErrors).isEmpty();
  }

  private void logIn(String token, String hash) {
    browser.navigate(base + "/" + hash);
    browser.waitFor("document.body.dataset.ready && document.querySelector('#token')");
    browser.eval("document.querySelector('#token').value = " + TextNode.valueOf(token));
    browser.click("#login");
  }

  private static void waitForFile(Path file) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(file) || Files.size(file) == 0 || partial(file.getParent())) {
      if (System.nanoTime() > deadline) {
        try (Stream<Path> files = Files.list(file.getParent())) {
          throw new AssertionError("no download " + file.getFileName() + "; found " + files.toList());
        }
      }
      Thread.sleep(100);
    }
  }

  private static boolean partial(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
    }
  }

  private List<String> texts(String selector) {
    JsonNode values = browser.eval("[...document.querySelectorAll(" + TextNode.valueOf(selector)
        + ")].map(e => e.textContent)");
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }
}
