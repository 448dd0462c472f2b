package dev.policymonitor.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/**
 * What the normalizer makes of ordinary pages. Its refusals of hostile input (empty, binary, undecodable, too deep,
 * too big, PDF bombs) are asserted through the topology in monitor-streams' HostileInputTopologyTest.
 */
class NormalizerTest {
  private static final String URL = "https://example.com/legal/privacy";
  private static final DocumentDeclaration GENERIC = DocumentDeclaration.of("privacy-policy", URL);
  private final Normalizer normalizer = new Normalizer();

  private String html(String body) {
    return html(body, GENERIC);
  }

  private String html(String body, DocumentDeclaration declaration) {
    return normalizer.extract(("<html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8", null, URL, declaration).text();
  }

  private static DocumentDeclaration selecting(List<Selector> select, List<Selector> remove) {
    return new DocumentDeclaration("privacy-policy", URL, select, remove, List.of(), null, null);
  }

  @Test
  void shouldWriteHeadingsParagraphsAndAbsoluteLinks() {
    assertThat(html("<h1>Privacy</h1><p>We <b>collect</b> data. See <a href='/terms'>our terms</a>.</p>"
        + "<h3>Contact</h3><p>Write   to\n us.</p>"))
        .isEqualTo("# Privacy\n\nWe collect data. See [our terms](https://example.com/terms).\n\n### Contact\n\n"
            + "Write to us.");
  }

  @Test
  void shouldDecodeEntitiesAndDropInvisibleCharacters() {
    assertThat(html("<p>Caf&eacute; &amp; co&shy;okies&nbsp;here\u200b,\u2009thin\u00a0space\ufeff &lt;ok&gt;</p>"))
        .isEqualTo("Café & cookies here, thin space <ok>");
  }

  @Test
  void shouldApplyUnicodeCompatibilityNormalization() {
    assertThat(html("<p>e\u0301 \ufb01le \uff21\uff22</p>")).isEqualTo("é file AB");
  }

  @Test
  void shouldStripTrackingAndCacheBustingParameters() {
    assertThat(html("<p><a href='https://x.com/a?utm_source=n&amp;id=7&amp;gclid=1&amp;fbclid=2'>a</a> "
        + "<a href='/doc.pdf?1663693918000'>b</a> <a href='/c?v=20240101&amp;lang=en#s'>c</a> "
        + "<a href='/d?utm_medium=x'>d</a></p>"))
        .isEqualTo("[a](https://x.com/a?id=7) [b](https://example.com/doc.pdf) "
            + "[c](https://example.com/c?lang=en#s) [d](https://example.com/d)");
  }

  @Test
  void shouldDecodeCloudflareProtectedEmails() {
    assertThat(html("<p>Mail <a href='/cdn-cgi/l/email-protection#04777174746b767044606162616a777c2a676b69'>"
        + "<span class='__cf_email__' data-cfemail='04777174746b767044606162616a777c2a676b69'>[email&#160;protected]"
        + "</span></a> or <span data-cfemail='f080829986919389b0949596959e8388de939f9d'>[email protected]</span>.</p>"))
        .isEqualTo("Mail [support@defensx.com](mailto:support@defensx.com) or privacy@defensx.com.");
  }

  @Test
  void shouldDecodeTheDefensxSeedMailtoLinks() throws IOException {
    byte[] seed = Files.readAllBytes(Corpus.seeds().resolve("defensx-2021-12-01.html"));
    String text = normalizer.extract(seed, null, null, "https://www.defensx.com/data-privacy-regulations/",
        DocumentDeclaration.of("privacy-policy", "https://www.defensx.com/data-privacy-regulations/")).text();
    assertThat(text).startsWith("### Secure Industries, Inc. Privacy Policy\n\nThis Privacy Policy was last updated"
        + " on December 1, 2021\n\n")
        .contains("[privacy@defensx.com](mailto:privacy@defensx.com)")
        .contains("[support@defensx.com](mailto:support@defensx.com)")
        .doesNotContain("layout: terms-conditions", "email-protection", "#f0808");
  }

  @Test
  void shouldUndoWaybackRewritesAndToolbar() {
    String page = "<html><head><script src='//archive.org/includes/analytics.js'></script></head><body>"
        + "<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id='wm-ipp'>Wayback toolbar 20190227</div>"
        + "<!-- END WAYBACK TOOLBAR INSERT --><p>See <a href='/web/20190227220408/https://www.pentasecurity.com/terms/'>"
        + "terms</a> and <a href='https://web.archive.org/web/20190227220408id_/http://example.org/x?utm_source=a'>x</a>"
        + ".</p></body></html>";
    String text = normalizer.extract(page.getBytes(StandardCharsets.UTF_8), "text/html", "utf-8",
        "https://web.archive.org/web/20190227220408id_/https://www.pentasecurity.com/privacy-policy", GENERIC).text();
    assertThat(text).isEqualTo("See [terms](https://www.pentasecurity.com/terms/) and [x](http://example.org/x).");
  }

  @Test
  void shouldUnwrapWaybackLinksWithAnEncodedScheme() {
    String md = "Check the [snapshot](https://web.archive.org/web/20150626124522id_/https%3A//www.alienvault.com/legal/"
        + "privacy-policy).";
    assertThat(normalizer.extract(md.getBytes(StandardCharsets.UTF_8), "text/markdown", null, URL, GENERIC).text())
        .isEqualTo("Check the [snapshot](https://www.alienvault.com/legal/privacy-policy).");
  }

  @Test
  void shouldReadXhtml() {
    String xhtml = "<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE html><html xmlns='http://www.w3.org/1999/xhtml'>"
        + "<head><title>t</title></head><body><h1>Privacy</h1><p>We keep <br/>nothing.</p></body></html>";
    assertThat(normalizer.extract(xhtml.getBytes(StandardCharsets.UTF_8), "application/xhtml+xml", null, URL, GENERIC)
        .text()).isEqualTo("# Privacy\n\nWe keep\nnothing.");
  }

  @Test
  void shouldWriteTablesAsGfmPipes() {
    assertThat(html("<table><thead><tr><th>Data</th><th>Kept</th></tr></thead><tbody>"
        + "<tr><td>Logs</td><td>30 days</td></tr><tr><td>A | B</td><td><p>1 year</p></td></tr></tbody></table>"))
        .isEqualTo("| Data | Kept |\n| --- | --- |\n| Logs | 30 days |\n| A \\| B | 1 year |");
  }

  @Test
  void shouldWriteNestedLists() {
    assertThat(html("<ul><li>One<ul><li>One.a</li><li>One.b<ol><li>deep</li></ol></li></ul></li><li>Two</li></ul>"))
        .isEqualTo("- One\n  - One.a\n  - One.b\n    1. deep\n- Two");
  }

  @Test
  void shouldApplyRemoveThenSelectInDocumentOrder() {
    String body = "<div id='b'>second</div><nav>menu</nav><div id='a'>first <span class='ad'>buy</span></div>";
    assertThat(html(body, selecting(List.of(Selector.css("#a"), Selector.css("#b")), List.of(Selector.css(".ad")))))
        .isEqualTo("second\n\nfirst");
  }

  @Test
  void shouldSelectOtaRanges() {
    String body = "<h1>Title</h1><p>intro</p><h2 id='start'>Policy</h2><p>kept</p><div><p>kept too</p>"
        + "<p id='end'>footer</p><p>after</p></div>";
    Selector range = new Selector(null, null, "#start", "#end", null);
    assertThat(html(body, selecting(List.of(range), List.of()))).isEqualTo("kept\n\nkept too");
    Selector inclusive = new Selector(null, "#start", null, null, "#end");
    assertThat(html(body, selecting(List.of(inclusive), List.of()))).isEqualTo("## Policy\n\nkept\n\nkept too\n\nfooter");
  }

  @Test
  void shouldFailClearlyWhenASelectorMatchesNothing() {
    assertThatThrownBy(() -> html("<p>text</p>", selecting(List.of(Selector.css("#policy")), List.of())))
        .isInstanceOf(ExtractionException.class).hasMessage("selector \"#policy\" matched nothing");
  }

  @Test
  void shouldNameSkippedOtaFiltersInWarnings() {
    Extraction e = normalizer.extract("<p>Policy text</p>".getBytes(StandardCharsets.UTF_8), "text/html", null, URL,
        new DocumentDeclaration("privacy-policy", URL, List.of(), List.of(), List.of("removeSharingLinks"), null, null));
    assertThat(e.text()).isEqualTo("Policy text");
    assertThat(e.warnings()).containsExactly(
        "filter 'removeSharingLinks' skipped: policy-monitor cannot run Open Terms Archive JavaScript filters");
  }

  @Test
  void shouldDropPageChromeInGenericExtraction() {
    assertThat(html("<header><a href='/'>Home</a></header><nav><a href='/a'>A</a></nav>"
        + "<div class='cookie-banner'>We use cookies. Accept?</div><main><h1>Privacy Policy</h1>"
        + "<p>We collect your email address to send you the newsletter you asked for.</p></main>"
        + "<aside>Related posts</aside><footer>© 2024</footer><script>var x = 1;</script>"))
        .isEqualTo("# Privacy Policy\n\nWe collect your email address to send you the newsletter you asked for.");
  }

  @Test
  void shouldReadMarkdownInput() {
    String md = "---\ntitle: x\n---\nPrivacy\n=======\n\nWe   *collect* [data](https://x.com/?utm_source=a).\n\n"
        + "* one\n* two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    assertThat(normalizer.extract(md.getBytes(StandardCharsets.UTF_8), "text/markdown", null, URL, GENERIC).text())
        .isEqualTo("# Privacy\n\nWe collect [data](https://x.com/).\n\n- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |");
  }

  @Test
  void shouldReadPlainTextInput() {
    String text = "  Privacy\u00a0Policy  \r\n\r\n\r\nWe keep   logs.\nFor 30 days.\n";
    assertThat(normalizer.extract(text.getBytes(StandardCharsets.UTF_8), "text/plain", null, URL, GENERIC).text())
        .isEqualTo("Privacy Policy\n\nWe keep logs.\nFor 30 days.");
  }

  @Test
  void shouldReadPdfInput() throws IOException {
    byte[] pdf;
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Privacy Policy");
        cs.newLineAtOffset(0, -40);
        cs.showText("We collect your name and your email");
        cs.newLineAtOffset(0, -14);
        cs.showText("address when you sign up.");
        cs.endText();
      }
      doc.save(out);
      pdf = out.toByteArray();
    }
    assertThat(normalizer.extract(pdf, "application/pdf", null, URL + ".pdf", GENERIC).text())
        .isEqualTo("Privacy Policy\n\nWe collect your name and your email address when you sign up.");
  }

  @Test
  void shouldSniffTheFormatWhenTheContentTypeIsMissing() {
    Snapshot s = new Snapshot("v", "privacy-policy", URL, SnapshotSource.LIVE, Instant.EPOCH, Instant.EPOCH, 200,
        null, null, null, "<!doctype html><p>Hello&nbsp;there</p>".getBytes(StandardCharsets.UTF_8));
    assertThat(normalizer.extract(s, GENERIC).text()).isEqualTo("Hello there");
  }

  @Test
  void shouldDecodeByMetaCharsetAndSurviveABadCharsetName() {
    byte[] latin = "<html><head><meta charset='windows-1252'></head><body><p>Données €</p></body></html>"
        .getBytes(Charset.forName("windows-1252"));
    assertThat(normalizer.extract(latin, "text/html", null, URL, GENERIC).text()).isEqualTo("Données €");
    Extraction e = normalizer.extract("<p>Caf\u00e9</p>".getBytes(StandardCharsets.UTF_8), "text/html",
        "no-such-charset", URL, GENERIC);
    assertThat(e.text()).isEqualTo("Café");
    assertThat(e.warnings()).containsExactly("unknown charset 'no-such-charset' ignored");
  }

  @Test
  void shouldSayWhenAShellWasRenderedOrOnlyDeclaredToNeedABrowser() {
    String shell = "<html><head><script src='/app.js'></script></head><body><div id='root'></div></body></html>";
    byte[] body = shell.getBytes(StandardCharsets.UTF_8);
    DocumentDeclaration browser = new DocumentDeclaration("privacy-policy", URL, List.of(), List.of(), List.of(),
        dev.policymonitor.model.RenderMode.BROWSER, null);
    Snapshot plain = new Snapshot("v", "privacy-policy", URL, SnapshotSource.WAYBACK, Instant.EPOCH, Instant.EPOCH,
        200, "text/html", "utf-8", null, body);
    Snapshot rendered = new Snapshot("v", "privacy-policy", URL, SnapshotSource.LIVE, Instant.EPOCH, Instant.EPOCH,
        200, "text/html", "utf-8", null, body, null, dev.policymonitor.model.Rendering.DECLARED);

    assertThatThrownBy(() -> normalizer.extract(plain, browser)).isInstanceOf(ExtractionException.class)
        .hasMessageStartingWith("empty JavaScript shell page")
        .hasMessageEndingWith("the document is declared render: browser and this snapshot was not rendered");
    assertThatThrownBy(() -> normalizer.extract(rendered, browser)).isInstanceOf(ExtractionException.class)
        .hasMessageStartingWith("empty JavaScript shell page")
        .hasMessageEndingWith("rendered in a headless browser, its scripts still wrote no text");
  }

  @Test
  void shouldTellTheFetcherWhichBytesAreAJavaScriptShell() {
    String shell = "<html><head><script src='/app.js'></script></head><body><div id='root'></div>"
        + "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>";
    String rendered = shell.replace("<div id='root'></div>", "<div id='root'><main><h1>Privacy</h1><p>"
        + "We collect your name and email address to provide the service. ".repeat(4) + "</p></main></div>");
    assertThat(Normalizer.isJavaScriptShell(shell.getBytes(StandardCharsets.UTF_8), "text/html", null, URL)).isTrue();
    assertThat(Normalizer.isJavaScriptShell(rendered.getBytes(StandardCharsets.UTF_8), "text/html", "utf-8", URL))
        .isFalse();
    assertThat(Normalizer.isJavaScriptShell(shell.getBytes(StandardCharsets.UTF_8), "text/plain", null,
        "https://example.com/p.md")).as("an HTML shell sent as text is still HTML").isTrue();
    assertThat(Normalizer.isJavaScriptShell("%PDF-1.7 <script>".getBytes(StandardCharsets.UTF_8),
        "application/pdf", null, URL)).isFalse();
    assertThat(Normalizer.isJavaScriptShell(new byte[0], "text/html", null, URL)).isFalse();
  }

  @Test
  void shouldKeepTheTextOfTruncatedHtml() {
    assertThat(html("<h2>Data we keep</h2><p>We keep logs for <a href='/x'>thirty da")).isEqualTo(
        "## Data we keep\n\nWe keep logs for [thirty da](https://example.com/x)");
  }

  @Test
  void shouldGiveTheSameTextForCosmeticMarkupChanges() {
    String a = html("<div class='x1'><p>We   collect <em>email</em>.</p></div>");
    String b = html("<section data-v='2'><p class='y'>We collect\n<strong>email</strong>.</p></section>");
    assertThat(a).isEqualTo(b).isEqualTo("We collect email.");
  }
}
