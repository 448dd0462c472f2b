package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRule;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The selector preview's judgement of a page, the way change detection would read it. */
class ExtractionPreviewTest {
  private static final String URL = "https://acme.example/privacy";
  private static final String PAGE = "<html lang=\"en\"><body><nav>Home | Blog</nav><main id=\"policy\">"
      + "<h1>Privacy Policy</h1><p>We collect your name and email address. We never sell customer data.</p>"
      + "<p class=\"reviewed\">Last reviewed by Alice.</p></main><footer>(c) Acme</footer></body></html>";
  private final ExtractionPreview preview = new ExtractionPreview(DetectionSettings.defaults());

  private static Snapshot snapshot(String html) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new Snapshot("acme", "privacy-policy", URL, SnapshotSource.LIVE, t, t, 200, "text/html", "UTF-8", null,
        html.getBytes(StandardCharsets.UTF_8));
  }

  private static DocumentDeclaration rules(List<String> select, List<String> remove, List<IgnoreRule> ignore) {
    return new DocumentDeclaration("privacy-policy", URL, select.stream().map(Selector::css).toList(),
        remove.stream().map(Selector::css).toList(), List.of(), null, null, null, ignore);
  }

  @Test
  void shouldShowTheSelectedTextItsCountsAndWhatEachSelectorAndIgnoreRuleMatches() {
    ExtractionPreview.Result r = preview.preview(snapshot(PAGE), rules(List.of("main#policy"), List.of("nav"),
        List.of(IgnoreRule.text("last reviewed by"))), null);

    assertThat(r.healthy()).isTrue();
    assertThat(r.problems()).isEmpty();
    assertThat(r.text()).contains("# Privacy Policy", "We never sell customer data.").doesNotContain("Home", "(c) Acme");
    assertThat(r.characters()).isEqualTo(r.text().strip().length());
    assertThat(r.sentences()).isEqualTo(4);
    assertThat(r.language()).isEqualTo("en");
    assertThat(r.selectors()).containsExactly(new ExtractionPreview.SelectorCount("select", "main#policy", 1),
        new ExtractionPreview.SelectorCount("remove", "nav", 1));
    assertThat(r.ignored()).singleElement().satisfies(i -> {
      assertThat(i.count()).isEqualTo(1);
      assertThat(i.sentences()).containsExactly("Last reviewed by Alice.");
    });
  }

  @Test
  void shouldSayWhenASelectorMatchesNothing() {
    ExtractionPreview.Result r = preview.preview(snapshot(PAGE), rules(List.of("article.policy"), List.of(),
        List.of()), null);

    assertThat(r.healthy()).isFalse();
    assertThat(r.problems()).singleElement().asString().contains("selector").contains("article.policy")
        .contains("matched nothing");
    assertThat(r.selectors()).containsExactly(new ExtractionPreview.SelectorCount("select", "article.policy", 0));
    assertThat(r.text()).isEmpty();
  }

  @Test
  void shouldCallAJavaScriptShellAndAShrinkUnhealthy() {
    ExtractionPreview.Result shell = preview.preview(snapshot("<html><body><div id=\"root\"></div>"
        + "<noscript>You need to enable JavaScript to run this app.</noscript><script src=\"/app.js\"></script>"
        + "</body></html>"), rules(List.of(), List.of(), List.of()), null);
    ExtractionPreview.Result shrunk = preview.preview(snapshot(PAGE), rules(List.of("p.reviewed"), List.of(),
        List.of()), "A much longer current version. ".repeat(20));

    assertThat(shell.healthy()).isFalse();
    assertThat(shell.problems()).singleElement().asString().contains("JavaScript shell");
    assertThat(shrunk.healthy()).isFalse();
    assertThat(shrunk.problems()).singleElement().asString().contains("shrank from");
    assertThat(shrunk.previousCharacters()).isGreaterThan(shrunk.characters());
  }
}
