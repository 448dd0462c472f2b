package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  /** A history row: name, rules, language, captures, agree, real changes, found, false alerts. */
  private static final Pattern ROW = Pattern.compile(
      "^(\\S+)\\s+(generic|OTA selectors|generic \\(OTA URL\\))\\s+(\\S+(?: \\(manifest: \\w+\\))?)\\s+(\\d+)\\s+(\\d+)"
          + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$", Pattern.MULTILINE);
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  /**
   * The OTA demo corpus (each service read with its OTA declaration) and every issue-14 fixture (real histories in
   * seven languages, constructed detection cases, generic extraction), replayed by the production topology in one
   * run: every real change gives a changed event, every noise capture gives none, every label agrees.
   */
  @Test
  void shouldAgreeWithEveryLabelOfTheDemoCorpusAndTheIssueFourteenFixtures() {
    assertThat(cli.run("evaluate", Corpus.root().toString())).as(cli.out() + cli.err()).isZero();

    List<String> histories = new ArrayList<>();
    Set<String> languages = new TreeSet<>();
    Matcher row = ROW.matcher(cli.out());
    while (row.find()) {
      histories.add(row.group(1));
      languages.add(row.group(3));
      assertThat(row.group(5)).as("captures agreeing with their label in " + row.group(1)).isEqualTo(row.group(4));
      assertThat(row.group(7)).as("real changes found in " + row.group(1)).isEqualTo(row.group(6));
      assertThat(row.group(8)).as("false alerts in " + row.group(1)).isEqualTo("0");
      assertThat(row.group(2)).isEqualTo(row.group(1).startsWith("ota-demo/") ? "OTA selectors" : "generic");
    }
    assertThat(histories).contains("ota-demo/buffer", "ota-demo/github", "ota-demo/npm-public-registry",
        "ota-demo/uptimerobot", "languages/fr-cityscoot", "languages/ko-dailymotion",
        "detection/halved-alienvault", "detection/redesign-breadcrumb", "detection/retention-date-pentasecurity");
    assertThat(histories).filteredOn(h -> h.startsWith("detection/retention-date-")).hasSize(5);
    assertThat(languages).contains("en", "fr", "de", "es", "it", "pt", "nl", "ko");
    assertThat(cli.out()).containsPattern("recall: (\\d+)/\\1 real changes gave a changed event \\(100\\.0%\\)")
        .contains("false alerts: 0 changed events on").contains("disagreements: 0\n");
    assertThat(cli.err()).contains("4 read with an Open Terms Archive declaration");
  }

  /** A first capture, then a real change (a sale sentence) labelled as noise. */
  private void mislabelledHistory() throws IOException {
    Files.writeString(dir.resolve("20250101T000000Z.html"), "<html lang=\"en\"><body><main><h1>Privacy</h1>"
        + "<p>We collect your email address to send you receipts.</p></main></body></html>");
    Files.writeString(dir.resolve("20250201T000000Z.html"), "<html lang=\"en\"><body><main><h1>Privacy</h1>"
        + "<p>We collect your email address to send you receipts.</p>"
        + "<p>We may sell your email address to advertisers.</p></main></body></html>");
    Files.writeString(dir.resolve("manifest.json"), """
        {"service": "Acme", "versions": [
          {"snapshot_file": "20250101T000000Z.html", "kind": "first", "text_change": "first-capture"}],
         "noise": [{"snapshot_file": "20250201T000000Z.html"}]}
        """);
  }

  @Test
  void shouldListADisagreementWithTheEventsReasonAndExitOneUnlessReportOnly() throws IOException {
    mislabelledHistory();

    assertThat(cli.run("evaluate", dir.toString())).isEqualTo(EvaluateCommand.DISAGREEMENT);
    assertThat(cli.out()).contains("false alerts: 1 changed events on 1 captures without a real change")
        .contains("disagreements: 1\n")
        .containsPattern("  \\S+/20250201T000000Z\\.html: expected no event \\(noise\\), got changed \\(.+\\)");
    cli.reset();
    assertThat(cli.run("evaluate", "--report-only", dir.toString())).isZero();
    assertThat(cli.out()).contains("disagreements: 1\n");
  }

  @Test
  void shouldRejectAFolderWithoutHistoriesOrAManifestListingAMissingFileWithUsageError() throws IOException {
    assertThat(cli.run("evaluate", dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("policy-monitor: not a directory: " + dir.resolve("nope") + "\n");
    cli.reset();
    assertThat(cli.run("evaluate", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).startsWith("policy-monitor: no labelled history (a folder with a manifest.json) in");
    cli.reset();
    Files.writeString(dir.resolve("manifest.json"), "{\"versions\": [{\"snapshot_file\": \"20250101T000000Z.md\"}]}");
    assertThat(cli.run("evaluate", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("lists 20250101T000000Z.md, which is not there");
  }
}
