package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.web.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendors screens in a real browser (Debian's headless chromium) on the whole pipeline of {@code run} (embedded
 * broker, fetcher, streams, alerts, web): add a vendor with a selector through the page, preview it (a wrong
 * selector first, then the right one), save it, see its {@code first} event appear, mark it reviewed with a note and
 * download its evidence file (which names the rules saved), see an ignore rule turn the
 * page's next rotating line into an ignored change, preview on the stored snapshot and over the history, pause it,
 * import a vendors file with its dry run, and check the screens at phone width. Screenshots go to
 * {@code target/screenshots/} (copied to docs/screenshots).
 */
class VendorsBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String POLICY = "<html lang=\"en\"><head><title>Privacy</title></head><body>"
      + "<nav>Home | Products | Blog</nav><div class=\"cookie-banner\">We use cookies. Accept?</div>"
      + "<main id=\"policy\"><h1>Acme Privacy Policy</h1>"
      + "<p>We collect your name and email address to run your account.</p>"
      + "<p>We never sell customer data. We keep server logs for 30 days.</p>"
      + "<p>Last reviewed by Alice on 2026-01-05.</p></main><footer>(c) Acme</footer></body></html>";

  /** A vendor name that is markup: it must stay text wherever the page shows it. */
  private static final String HOSTILE_NAME = "Acme <img src=x onerror=alert(1)> Corp";

  @TempDir Path state;
  @TempDir Path downloads;
  @StartStop final MockWebServer site = new MockWebServer();
  private final AtomicReference<String> page = new AtomicReference<>(POLICY);
  private Pipeline pipeline;
  private HeadlessChromium browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Chromium.require();
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body(request.getUrl().encodedPath().equals("/globex") ? POLICY.replace("Acme", "Globex") : page.get())
            .build();
      }
    });
    // No vendors file: everything tracked here comes from the page.
    pipeline = Launch.all(MonitorSettings.of(Map.of(FetcherConfig.HOST_INTERVAL.name(), "PT0.2S",
        FetcherConfig.ALLOW_PRIVATE_TARGETS.name(), "true")) /* the site is local */).stateDir(state)
        .vendors(new VendorsConfig(null, List.of()))
        .start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    base = pipeline.httpUrl().replaceAll("/$", "");
    browser = HeadlessChromium.start(1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldAddAVendorWithASelectorPreviewItSaveItAndSeeItsFirstVersion() throws Exception {
    browser.navigate(base + "/#/vendors");
    ready("document.querySelector('#vendor-list')");
    assertThat(text("#vendor-list")).isEqualTo("No vendor is tracked yet.");

    browser.click("#add-vendor");
    ready("document.querySelector('#document-form')");
    type("#vendor-id", "acme");
    type("#vendor-name", HOSTILE_NAME);
    type("#doc-url", site.url("/privacy").toString());
    type("#doc-select", "article.policy");
    type("#doc-remove", ".cookie-banner");
    type("#doc-ignore-text", "Last reviewed by");

    browser.click("#preview-live");
    browser.waitFor("document.querySelector('#preview[data-state=unhealthy]')");
    assertThat(text("#preview-problems")).contains("article.policy").contains("matched nothing");
    assertThat(texts(".selector-count")).contains("article.policy (select): 0 elements");
    browser.screenshot(SCREENSHOTS.resolve("vendor-preview-failing.png"), true);

    type("#doc-select", "main#policy");
    browser.click("#preview-live");
    browser.waitFor("document.querySelector('#preview[data-state=healthy]')");
    assertThat(text("#preview-text")).contains("# Acme Privacy Policy", "We never sell customer data.")
        .doesNotContain("We use cookies", "Home | Products");
    assertThat(text("#preview-sentences")).isEqualTo("5 sentences");
    assertThat(texts(".selector-count")).containsExactly("main#policy (select): 1 element",
        ".cookie-banner (remove): 1 element");
    assertThat(text(".ignore-counts")).contains("1 sentence").contains("Last reviewed by Alice on 2026-01-05.");
    browser.screenshot(SCREENSHOTS.resolve("vendor-preview.png"), true);

    type("#doc-interval", "often");
    browser.click("#save");
    browser.waitFor("document.querySelector('#form-message[data-state=error]')");
    assertThat(text("#form-message")).contains("poll interval");
    assertThat(browser.eval("document.querySelector('#doc-interval').classList.contains('invalid')").asBoolean())
        .isTrue();
    type("#doc-interval", "2s");
    browser.eval("document.querySelector('#doc-render').value = 'static'");
    browser.click("#save");
    ready("document.querySelector(\"[data-key='acme/privacy-policy']\")");
    assertThat(text("#flash")).isEqualTo("Saved acme/privacy-policy.");
    assertThat(text("[data-key='acme/privacy-policy'] .audit")).startsWith("changed by local ");
    assertThat(text("[data-key='acme/privacy-policy'] .badge.render")).isEqualTo("render: static");
    assertThat(text("[data-vendor='acme'] h2")).startsWith(HOSTILE_NAME);
    assertThat(browser.eval("document.querySelectorAll('#main img, #main script, #main [onerror]').length").asInt())
        .as("the name stays text").isZero();

    eventually("document.querySelector(\"[data-key='acme/privacy-policy'] .last-kind\")"
        + " && document.querySelector(\"[data-key='acme/privacy-policy'] .last-kind\").textContent === 'first'");
    browser.screenshot(SCREENSHOTS.resolve("vendors.png"), true);

    // Its first version is reviewed from the change view, and its evidence file names the rules saved above.
    browser.click("[data-key='acme/privacy-policy'] a.last-kind");
    ready("document.querySelector('#review-panel #review-save')");
    String changeId = browser.eval("location.hash").asText().replaceAll("^.*/", "");
    browser.eval("(() => { const s = document.querySelector('#review-state'); s.value = 'reviewed-no-action';"
        + " s.dispatchEvent(new Event('change')); })()");
    browser.type("#review-note", "Read in full: the selector keeps the policy only.");
    browser.click("#review-save");
    browser.waitFor("document.querySelector('#review-message') && "
        + "document.querySelector('#review-message').textContent === 'Saved.'");
    assertThat(text("#review-current")).isEqualTo("reviewed, no action");
    browser.allowDownloads(downloads);
    browser.click("#evidence-html");
    Path evidence = downloads.resolve("policy-evidence-acme-privacy-policy-" + changeId + ".html");
    waitForFile(evidence);
    Document file = Jsoup.parse(Files.readString(evidence, StandardCharsets.UTF_8));
    assertThat(file.select("script, img, link")).isEmpty();
    assertThat(file.text()).contains("select: [\"main#policy\"]").contains("render: static")
        .contains("Read in full: the selector keeps the policy only.").contains("reviewed, no action");

    browser.navigate(base + "/#/vendors");
    ready("document.querySelector(\"[data-key='acme/privacy-policy'] a.timeline-link\")");
    browser.click("[data-key='acme/privacy-policy'] a.timeline-link");
    ready("document.querySelectorAll('.timeline li').length >= 1");
    assertThat(texts(".timeline li .badge.kind")).last().isEqualTo("first");

    // The page's rotating line changes: recorded, cosmetic and flagged ignored, never alerted.
    page.set(POLICY.replace("Alice on 2026-01-05", "Bob on 2026-02-01"));
    String timeline = base + "/#/documents/acme/privacy-policy";
    reloadUntil(timeline, "document.querySelectorAll('.timeline li').length === 2");
    assertThat(texts(".timeline li .badge.kind")).containsExactly("cosmetic", "first");
    assertThat(texts(".timeline li .badge.flag")).containsExactly("ignored");

    browser.navigate(base + "/#/vendors/acme/privacy-policy");
    ready("document.querySelector('#preview-stored')");
    browser.click("#preview-stored");
    browser.waitFor("document.querySelector('#preview[data-state=healthy]')");
    assertThat(text("#preview-text")).contains("Last reviewed by Bob");
    browser.click("#preview-ignore");
    browser.waitFor("document.querySelector('#ignore-preview[data-state=done]')");
    assertThat(text("#ignore-summary")).isEqualTo("1 of 1 kept changes would have been silenced.");
    browser.screenshot(SCREENSHOTS.resolve("vendor-edit.png"), true);

    browser.navigate(base + "/#/vendors");
    ready("document.querySelector(\"[data-key='acme/privacy-policy'] [data-testid=pause]\")");
    browser.click("[data-key='acme/privacy-policy'] [data-testid=pause]");
    ready("document.querySelector(\"[data-key='acme/privacy-policy'] [data-testid=paused]\")");
    assertThat(text("[data-key='acme/privacy-policy'] [data-testid=pause]")).isEqualTo("Resume");

    browser.click("#import");
    ready("document.querySelector('#import-text')");
    browser.eval("document.querySelector('#import-text').value = " + TextNode.valueOf("vendors:\n  - id: globex\n"
        + "    name: Globex\n    documents:\n      - type: privacy-policy\n        url: " + site.url("/globex")
        + "\n        select: [main]\n"));
    browser.click("#import-check");
    browser.waitFor("document.querySelector('#import-plan[data-state=planned]')");
    assertThat(text(".plan-summary")).isEqualTo("Would do: 1 added, 0 changed, 0 removed, 0 unchanged.");
    browser.screenshot(SCREENSHOTS.resolve("vendors-import.png"), true);
    browser.click("#import-apply");
    ready("document.querySelector(\"[data-key='globex/privacy-policy']\")");

    browser.viewport(390, 844, true);
    browser.navigate(base + "/#/vendors");
    ready("document.querySelector(\"[data-key='globex/privacy-policy']\")");
    assertThat(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean())
        .as("no horizontal scrolling at phone width (list)").isTrue();
    browser.screenshot(SCREENSHOTS.resolve("vendors-phone.png"), true);
    browser.navigate(base + "/#/vendors/acme/privacy-policy");
    ready("document.querySelector('#preview-stored')");
    browser.click("#preview-stored");
    browser.waitFor("document.querySelector('#preview[data-state=healthy]')");
    assertThat(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean())
        .as("no horizontal scrolling at phone width (editor)").isTrue();
    browser.screenshot(SCREENSHOTS.resolve("vendor-edit-phone.png"), true);

    assertThat(browser.consoleErrors).isEmpty();
    assertThat(browser.dialogs).isEmpty();
  }

  /** Waits for the page to finish a route and satisfy {@code condition}. */
  private void ready(String condition) {
    browser.waitFor("document.body.dataset.ready && (" + condition + ")");
  }

  /** Waits up to 90 s (the pipeline's first capture), 20 s at a time; the vendors list refreshes itself. */
  private void eventually(String condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        browser.waitFor(condition);
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Opens {@code url} again (a fresh route) every second until {@code condition} holds, for up to 90 s. */
  private void reloadUntil(String url, String condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      browser.navigate("about:blank");
      browser.navigate(url);
      ready("true");
      if (browser.eval("Boolean(" + condition + ")").asBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the page never showed: " + condition);
      }
      Thread.sleep(1000);
    }
  }

  /** Waits (up to 20 s) for a download to be complete. */
  private static void waitForFile(Path file) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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

  private void type(String selector, String value) {
    browser.eval("document.querySelector(" + TextNode.valueOf(selector) + ").value = " + TextNode.valueOf(value));
  }

  private String text(String selector) {
    return browser.eval("document.querySelector(" + TextNode.valueOf(selector) + ").textContent").asText();
  }

  private List<String> texts(String selector) {
    JsonNode values = browser.eval("[...document.querySelectorAll(" + TextNode.valueOf(selector)
        + ")].map(e => e.textContent)");
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }
}
