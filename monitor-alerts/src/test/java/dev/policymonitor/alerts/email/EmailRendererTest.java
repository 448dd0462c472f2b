package dev.policymonitor.alerts.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.TestChanges;
import org.junit.jupiter.api.Test;

class EmailRendererTest {
  private final EmailRenderer renderer = new EmailRenderer("https://monitor.example.com");

  @Test
  void shouldShowTheLanguageAndTheSizeOfAMajorRewriteInBothParts() {
    String text = renderer.text(TestChanges.rewrite());
    String html = renderer.html(TestChanges.rewrite());

    assertThat(text).contains("Language: French (fr)\n").contains("Major rewrite: 9485 -> 3886 characters (-59%)\n")
        .contains("Flags: major-rewrite");
    assertThat(html).contains("<strong>Language:</strong> French (fr)")
        .contains("<strong>Major rewrite:</strong> 9485 -&gt; 3886 characters (-59%)")
        .contains(" lang=\"fr\">" + "<del");
    assertThat(renderer.text(TestChanges.sale())).doesNotContain("Language:").doesNotContain("Major rewrite:");
  }
}
