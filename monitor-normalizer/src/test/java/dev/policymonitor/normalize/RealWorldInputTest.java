package dev.policymonitor.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The issue-14 inputs: a stray byte, a NUL byte, a redesign, and the language of real non-English pages. */
class RealWorldInputTest {
  private static final String URL = "https://example.com/legal/privacy";
  private static final DocumentDeclaration GENERIC = DocumentDeclaration.of("privacy-policy", URL);
  private final Normalizer normalizer = new Normalizer();

  private static byte[] bytes(String path) throws IOException {
    return Files.readAllBytes(Corpus.history(path));
  }

  private Extraction html(String path, String charset) throws IOException {
    return normalizer.extract(bytes(path), "text/html", charset, URL, GENERIC);
  }

  @Test
  void shouldDecodeAUtf8PageWithOneBadByteInACommentAsUtf8WhateverTheSnapshotSays() throws IOException {
    String clean = html("detection/charset-ff-in-comment/20250101T000000Z.html", "UTF-8").text();
    assertThat(clean).contains("Politique de confidentialité").doesNotContain("Ã");
    for (String recorded : new String[] {"UTF-8", null, "windows-1252", "ISO-8859-1"}) {
      Extraction withByte = html("detection/charset-ff-in-comment/20250102T000000Z.html", recorded);
      assertThat(withByte.text()).as("snapshot charset %s", recorded).isEqualTo(clean);
      assertThat(withByte.warnings()).as("snapshot charset %s", recorded).isNotEmpty();
    }
  }

  @Test
  void shouldStillUseADeclaredSingleByteCharsetForALatin1Page() {
    byte[] latin1 = "<html><body><p>Vos données sont conservées trois ans.</p></body></html>"
        .getBytes(java.nio.charset.Charset.forName("windows-1252"));
    assertThat(normalizer.extract(latin1, "text/html", "windows-1252", URL, GENERIC).text())
        .isEqualTo("Vos données sont conservées trois ans.");
    assertThat(normalizer.extract(latin1, "text/html", null, URL, GENERIC).text())
        .isEqualTo("Vos données sont conservées trois ans.");
  }

  @Test
  void shouldMonitorATextPageWithOneNulByteAndReplaceItsBadBytes() throws IOException {
    byte[] page = bytes("detection/nul-in-text/20250101T000000Z.txt");
    assertThat(page).hasSizeGreaterThan(20_000).containsOnlyOnce((byte) 0);
    Extraction x = normalizer.extract(page, "text/plain", "UTF-8", URL, GENERIC);
    assertThat(x.text()).contains("κόσμε · Grüße").contains("Nous conservons vos données pendant trois ans.")
        .contains("\uFFFD");
  }

  @Test
  void shouldRejectBinaryBodiesByMagicNumberOrShareOfControlBytes() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 'w', 'o', 'r', 'd', '/'};
    assertThatThrownBy(() -> normalizer.extract(zip, null, null, URL, GENERIC))
        .isInstanceOf(ExtractionException.class)
        .hasMessage("binary content: ZIP archive (or an Office document) by its magic number; not a text document");
    byte[] noise = new byte[8192];
    new Random(7).nextBytes(noise);
    noise[0] = 'x';
    assertThatThrownBy(() -> normalizer.extract(noise, "text/html", null, URL, GENERIC))
        .isInstanceOf(ExtractionException.class).hasMessageContaining("control bytes in the first 8192");
    byte[] text = ("<p>" + "Wir speichern Ihre Daten. ".repeat(100) + "</p>").getBytes(StandardCharsets.UTF_8);
    text[40] = 0;
    assertThat(normalizer.extract(text, "text/html", null, URL, GENERIC).text()).contains("Wir speichern");
  }

  @Test
  void shouldExtractTheSamePolicyFromItsOldAndNewLayouts() throws IOException {
    assertThat(html("detection/redesign-hero-title/20250301T000000Z.html", null).text())
        .startsWith("# Politique de confidentialité\n\nDernière mise à jour le 30 novembre 2023")
        .isEqualTo(html("detection/redesign-hero-title/20250101T000000Z.html", null).text());
    // Real captures (OTA demo): the new layout wraps the table of contents in a <details> with a hidden
    // default <summary>; the TOC is navigation in both.
    String before = html("ota-demo/npm-public-registry/20240112T183005Z.html", null).text();
    String after = html("ota-demo/npm-public-registry/noise/20241128T003005Z.html", null).text();
    assertThat(after).isEqualTo(before).doesNotContain("See Details").doesNotContain("Table of contents");
  }

  @Test
  void shouldTellTheLanguageOfEveryRealNonEnglishHistory() throws IOException {
    try (Stream<Path> dirs = Files.list(Corpus.history("languages"))) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList()) {
        JsonNode manifest = Json.mapper().readTree(dir.resolve("manifest.json").toFile());
        String language = manifest.get("language").asText();
        for (JsonNode v : manifest.get("versions")) {
          Path file = dir.resolve(v.get("snapshot_file").asText());
          Extraction x = normalizer.extract(Files.readAllBytes(file), "text/markdown", "UTF-8", URL, GENERIC);
          assertThat(x.language()).as(dir.getFileName() + "/" + file.getFileName()).isEqualTo(language);
        }
      }
    }
  }

  @Test
  void shouldTakeTheDeclaredLanguageUnlessTheTextClearlyReadsOtherwise() throws IOException {
    assertThat(html("detection/charset-ff-in-comment/20250101T000000Z.html", null).language()).isEqualTo("fr");
    String french = new String(bytes("detection/charset-ff-in-comment/20250101T000000Z.html"), StandardCharsets.UTF_8);
    Extraction template = normalizer.extract(french.replace("lang=\"fr\"", "lang=\"en\"")
        .getBytes(StandardCharsets.UTF_8), "text/html", null, URL, GENERIC);
    assertThat(template.language()).isEqualTo("fr");
    assertThat(template.warnings()).anyMatch(w -> w.contains("declares language 'en'"));
    byte[] short_ = "<html><body><p>Politique</p></body></html>".getBytes(StandardCharsets.UTF_8);
    assertThat(normalizer.extract(short_, "text/html", null, "de-CH", URL, GENERIC).language()).isEqualTo("de");
    assertThat(normalizer.extract(short_, "text/html", null, null, URL, GENERIC).language()).isNull();
  }

  @Test
  void shouldDetectKoreanAndJapaneseByTheirScripts() {
    assertThat(LanguageDetector.detect("당사는 귀하의 개인정보를 수집하고 이용합니다. 보유 기간은 3년입니다.")).hasValue("ko");
    assertThat(LanguageDetector.detect("当社は、お客様の個人情報を適切に取り扱います。利用目的は以下のとおりです。")).hasValue("ja");
    assertThat(LanguageDetector.detect("short")).isEmpty();
  }
}
