package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NormalizeCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PolicyMonitor.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldPrintTheCanonicalTextOfAFile() throws IOException {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<html><body><nav>Menu</nav><div id='p'><h2>Privacy</h2><p>We&nbsp;keep <span class='x'>"
        + "nothing</span> long.</p></div><p>Footer</p></body></html>", StandardCharsets.UTF_8);
    assertThat(run("normalize", "--select", "#p", "--remove", ".x", page.toString())).isZero();
    assertThat(out.toString()).isEqualTo("## Privacy\n\nWe keep long.\n");
  }

  @Test
  void shouldApplyAnOtaDeclarationWithItsHistoryByCaptureTime() throws IOException {
    Path declaration = dir.resolve("npm Public Registry.json");
    Files.writeString(declaration, "{\"name\": \"npm Public Registry\", \"terms\": {\"Privacy Policy\": {"
        + "\"fetch\": \"https://docs.npmjs.com/policies/privacy\", \"select\": \"main\", \"remove\": \"details\"}}}");
    Files.writeString(dir.resolve("npm Public Registry.history.json"), "{\"Privacy Policy\": [{\"fetch\": "
        + "\"https://docs.npmjs.com/policies/privacy\", \"select\": \"#skip-nav\", \"validUntil\": \"2023-10-23\"}]}");
    Path old = Corpus.otaDemo("npm-public-registry").resolve("20230425T183006Z.html");
    assertThat(run("normalize", "--declaration", declaration.toString(), old.toString())).isZero();
    assertThat(out.toString()).startsWith("# Privacy Questions and Answers\n\nTable of contents\n");
  }

  @Test
  void shouldExitWithUsageErrorForAMissingFileOrBadDeclaration() throws IOException {
    assertThat(run("normalize", dir.resolve("nope.html").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("policy-monitor: file not found: " + dir.resolve("nope.html") + "\n");
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<p>x</p>");
    Path bad = dir.resolve("Bad.json");
    Files.writeString(bad, "{oops");
    err.getBuffer().setLength(0);
    assertThat(run("normalize", "--declaration", bad.toString(), page.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("policy-monitor: " + bad + ": not valid JSON").hasLineCount(1);
  }

  @Test
  void shouldReportAnExtractionFailureInOneLine() throws IOException {
    Path empty = dir.resolve("empty.html");
    Files.write(empty, new byte[0]);
    assertThat(run("normalize", empty.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("policy-monitor: empty body: the snapshot has no bytes\n");
  }
}
