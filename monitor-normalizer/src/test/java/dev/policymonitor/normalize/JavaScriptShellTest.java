package dev.policymonitor.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** The streaming text count the fetcher asks first never says "has text" of a page the whole parse finds short. */
class JavaScriptShellTest {
  private static final String URL = "https://example.com/privacy";

  @Test
  void shouldAgreeWithTheWholeParseOnEveryPageOfTheCorpus() throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.walk(Corpus.root())) {
      pages = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
    assertThat(pages).hasSizeGreaterThan(20);
    int streamed = 0;
    for (Path page : pages) {
      String html = new TextDecoder().decode(Files.readAllBytes(page), null, true, new ArrayList<>());
      int whole = JavaScriptShell.visibleLength(HtmlCleaner.parse(html, URL));
      boolean withText = JavaScriptShell.withVisibleText(html);
      assertThat(withText).as(page.toString()).isEqualTo(whole >= JavaScriptShell.MAX_CHARS);
      streamed += withText ? 1 : 0;
    }
    assertThat(streamed).as("pages answered by the streaming count").isGreaterThan(pages.size() / 2);
  }

  @Test
  void shouldFindTheTextAfterALongInlineScript() {
    String script = "<script>var data = \"" + "x".repeat(200_000) + "\";</script>";
    String text = "<p>" + "We collect your e-mail address to send you receipts. ".repeat(5) + "</p>";
    String page = "<html><head>" + script + "</head><body><div id=root>" + text + "</div></body></html>";

    assertThat(JavaScriptShell.withVisibleText(page)).isTrue();
    assertThat(Normalizer.isJavaScriptShell(bytes(page), "text/html", null, URL)).isFalse();
  }

  @Test
  void shouldStillTellAShellWithALongInlineScriptAndNoText() {
    String page = "<html><head><script>var data = \"" + "x".repeat(200_000) + "\";</script></head>"
        + "<body><div id=root></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>";

    assertThat(JavaScriptShell.withVisibleText(page)).isFalse();
    assertThat(Normalizer.isJavaScriptShell(bytes(page), "text/html", null, URL)).isTrue();
  }

  @Test
  void shouldNotCountTextInHeadScriptsStylesTemplatesOrNoscript() {
    String hidden = "Enable JavaScript to see our privacy policy, which is long. ".repeat(10);
    String page = "<html><head><title>" + hidden + "</title><style>/*" + hidden + "*/</style></head><body>"
        + "<template><p>" + hidden + "</p></template><noscript><p>" + hidden + "</p></noscript>"
        + "<script>document.write('" + hidden + "')</script><div id=app></div></body></html>";

    assertThat(JavaScriptShell.withVisibleText(page)).isFalse();
    assertThat(JavaScriptShell.visibleLength(Jsoup.parse(page))).isZero();
    assertThat(Normalizer.isJavaScriptShell(bytes(page), "text/html", null, URL)).isTrue();
  }

  @Test
  void shouldReadTheWholePageWhenTheParseRewritesSomeOfItsText() {
    String address = "<a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" data-cfemail=\"\">[email&#160;protected]</a>";
    String page = "<html><body><p>" + ("Write to " + address + ". ").repeat(20) + "</p><script></script></body></html>";

    assertThat(JavaScriptShell.withVisibleText(page)).isFalse();
    assertThat(Normalizer.isJavaScriptShell(bytes(page), "text/html", null, URL)).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
