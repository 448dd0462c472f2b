package dev.policymonitor.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Digests;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link Normalizer#VERSION} honest: the texts of the seed corpus, of one capture per OTA demo service and of
 * the issue-14 captures that exercise the newer rules (a redesign, a stray byte, a NUL byte, a non-English page)
 * are fingerprinted per version, so a rule change that alters any text fails here until the version is bumped (and
 * the new fingerprint recorded). Version 3's fingerprint was taken on the smaller sample without the issue-14 files.
 */
class NormalizerVersionTest {
  /** Normalizer version -> fingerprint of the seed texts it produces. */
  private static final Map<String, String> FINGERPRINTS = Map.of("4", "5PPQNB5Q5CGQJVOBLJHTWNMXN54M7HWT");

  @Test
  void shouldBumpTheVersionWhenTheRulesChangeAnyText() throws IOException {
    Normalizer normalizer = new Normalizer();
    StringBuilder all = new StringBuilder();
    List<Path> seeds;
    try (Stream<Path> files = Files.list(Corpus.seeds())) {
      seeds = new java.util.ArrayList<>(files.filter(f -> !f.getFileName().toString().equals("README.md"))
          .sorted().toList());
    }
    for (String service : List.of("buffer", "github", "npm-public-registry", "uptimerobot")) {
      try (Stream<Path> files = Files.list(Corpus.otaDemo(service))) {
        seeds.add(files.filter(f -> f.toString().endsWith(".html")).sorted().findFirst().orElseThrow());
      }
    }
    for (String capture : List.of("ota-demo/npm-public-registry/20241203T003006Z.html",
        "detection/redesign-hero-title/20250301T000000Z.html", "detection/charset-ff-in-comment/20250102T000000Z.html",
        "detection/nul-in-text/20250101T000000Z.txt", "languages/ko-dailymotion/20250808T180346Z.md")) {
      seeds.add(Corpus.history(capture));
    }
    for (Path seed : seeds) {
      String url = "https://example.com/" + seed.getFileName();
      all.append(normalizer.extract(Files.readAllBytes(seed), null, null, url,
          DocumentDeclaration.of("privacy-policy", url)).text()).append('\u0000');
    }
    String fingerprint = Digests.sha1Base32(all.toString());
    assertThat(fingerprint)
        .as("the seed texts changed: bump Normalizer.VERSION (now %s) and record %s for it", Normalizer.VERSION,
            fingerprint)
        .isEqualTo(FINGERPRINTS.get(Normalizer.VERSION));
  }
}
