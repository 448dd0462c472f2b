package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void shouldPrintTheCanonicalTextOfAFile() throws IOException {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<html><body><nav>Menu</nav><div id='p'><h2>Privacy</h2><p>We&nbsp;keep <span class='x'>"
        + "nothing</span> long.</p></div><p>Footer</p></body></html>", StandardCharsets.UTF_8);
    assertThat(cli.run("normalize", "--select", "#p", "--remove", ".x", page.toString())).isZero();
    assertThat(cli.out()).isEqualTo("## Privacy\n\nWe keep long.\n");
  }

  @Test
  void shouldApplyAnOtaDeclarationWithItsHistoryByCaptureTime() throws IOException {
    Path declaration = dir.resolve("npm Public Registry.json");
    Files.writeString(declaration, "{\"name\": \"npm Public Registry\", \"terms\": {\"Privacy Policy\": {"
        + "\"fetch\": \"https://docs.npmjs.com/policies/privacy\", \"select\": \"main\", \"remove\": \"details\"}}}");
    Files.writeString(dir.resolve("npm Public Registry.history.json"), "{\"Privacy Policy\": [{\"fetch\": "
        + "\"https://docs.npmjs.com/policies/privacy\", \"select\": \"#skip-nav\", \"validUntil\": \"2023-10-23\"}]}");
    Path old = Corpus.otaDemo("npm-public-registry").resolve("20230425T183006Z.html");
    assertThat(cli.run("normalize", "--declaration", declaration.toString(), old.toString())).isZero();
    assertThat(cli.out()).startsWith("# Privacy Questions and Answers\n\nTable of contents\n");
  }

  @Test
  void shouldExitWithUsageErrorForAMissingFileOrBadDeclaration() throws IOException {
    assertThat(cli.run("normalize", dir.resolve("nope.html").toString())).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("policy-monitor: file not found: " + dir.resolve("nope.html") + "\n");
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<p>x</p>");
    Path bad = dir.resolve("Bad.json");
    Files.writeString(bad, "{oops");
    cli.reset();
    assertThat(cli.run("normalize", "--declaration", bad.toString(), page.toString())).isEqualTo(2);
    assertThat(cli.err()).startsWith("policy-monitor: " + bad + ": not valid JSON").hasLineCount(1);
  }

  @Test
  void shouldReportAnExtractionFailureInOneLine() throws IOException {
    Path empty = dir.resolve("empty.html");
    Files.write(empty, new byte[0]);
    assertThat(cli.run("normalize", empty.toString())).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("policy-monitor: empty body: the snapshot has no bytes\n");
  }
}
