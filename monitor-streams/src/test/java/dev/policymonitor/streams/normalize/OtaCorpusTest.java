package dev.policymonitor.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Topics;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.streams.declarations.OtaDeclarationReader;
import dev.policymonitor.streams.declarations.OtaService;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Corpus;
import dev.policymonitor.testing.TopologyHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar of the normalizer on Open Terms Archive's demo histories (four services): word-level F1 against OTA's own
 * Markdown (see {@link WordF1} for the exact definition), noise captures silent, and a replay through the production
 * topology that reports every substantive change and nothing else. Prints one figure table.
 */
class OtaCorpusTest {
  static final List<String> SERVICES = List.of("buffer", "github", "npm-public-registry", "uptimerobot");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Normalizer NORMALIZER = new Normalizer();
  private static final Map<String, OtaService> DECLARATIONS = new LinkedHashMap<>();
  private static final Map<String, String> FIGURES = new TreeMap<>();

  @BeforeAll
  static void readDeclarations() {
    Path dir = Corpus.root().resolve("ota-demo").resolve("declarations");
    for (OtaService s : new OtaDeclarationReader().readDirectory(dir)) {
      DECLARATIONS.put(s.id(), s);
    }
  }

  @AfterAll
  static void printFigures() {
    System.out.println("OTA demo corpus figures (word-level F1: lower-cased multiset of letter/digit tokens)");
    FIGURES.forEach((k, v) -> System.out.println(k + ": " + v));
  }

  @Test
  void shouldMatchOtaTextWithDeclaredSelectorsOnEveryVersion() throws IOException {
    assertThat(versionsBelow(0.97, true, "F1 with selectors")).as("versions below F1 0.97 with selectors").isEmpty();
  }

  @Test
  void shouldMatchOtaTextWithGenericExtractionOnEveryVersion() throws IOException {
    assertThat(versionsBelow(0.90, false, "F1 generic")).as("versions below F1 0.90 without selectors").isEmpty();
  }

  /** Scores every version of every service against OTA's text, records min and mean, returns those below the bar. */
  private static List<String> versionsBelow(double bar, boolean selectors, String figure) throws IOException {
    List<String> failures = new ArrayList<>();
    for (String service : SERVICES) {
      double min = 1;
      double sum = 0;
      int n = 0;
      for (JsonNode v : manifest(service).get("versions")) {
        Path html = Corpus.otaDemo(service).resolve(v.get("snapshot_file").asText());
        String ota = Files.readString(Corpus.otaDemo(service).resolve(v.get("version_file").asText()));
        double f1 = WordF1.f1(extract(service, html, selectors), ota);
        min = Math.min(min, f1);
        sum += f1;
        n++;
        if (f1 < bar) {
          failures.add(service + " " + v.get("version_file").asText() + " F1=" + format(f1));
        }
      }
      FIGURES.put(service + " " + figure, "min " + format(min) + " mean " + format(sum / n) + " over " + n);
    }
    return failures;
  }

  @Test
  void shouldNormalizeEveryNoiseCaptureToItsVersionText() throws IOException {
    List<String> failures = new ArrayList<>();
    for (String service : SERVICES) {
      JsonNode manifest = manifest(service);
      int same = 0;
      int n = 0;
      for (JsonNode noise : manifest.get("noise")) {
        String expectedVersion = noise.get("expected_version_file").asText();
        String snapshotOfVersion = null;
        for (JsonNode v : manifest.get("versions")) {
          if (v.get("version_file").asText().equals(expectedVersion)) {
            snapshotOfVersion = v.get("snapshot_file").asText();
          }
        }
        String expected = extract(service, Corpus.otaDemo(service).resolve(snapshotOfVersion), true);
        String actual = extract(service, Corpus.otaDemo(service).resolve(noise.get("snapshot_file").asText()), true);
        n++;
        if (expected.equals(actual)) {
          same++;
        } else {
          failures.add(service + " " + noise.get("snapshot_file").asText() + " differs from " + snapshotOfVersion);
        }
      }
      FIGURES.put(service + " noise silent", same + "/" + n);
    }
    assertThat(failures).as("noise captures whose text differs from their version's").isEmpty();
  }

  /** Normalizer-owned part of the replay bar: every substantive change reported, noise captures silent. */
  @Test
  void shouldReportEverySubstantiveChangeAndNothingForNoiseOnReplay(@TempDir Path stateDir) throws IOException {
    List<String> failures = new ArrayList<>();
    for (String service : SERVICES) {
      Map<Instant, String> expected = expectations(service);
      Map<Instant, List<ChangeKind>> seen = replay(service, expected.keySet(), stateDir.resolve(service));
      int changes = 0;
      int detected = 0;
      int noise = 0;
      int silent = 0;
      for (Map.Entry<Instant, String> e : expected.entrySet()) {
        List<ChangeKind> kinds = seen.getOrDefault(e.getKey(), List.of());
        boolean ok = true;
        if (e.getValue().equals("first-capture")) {
          ok = kinds.equals(List.of(ChangeKind.FIRST));
        } else if (e.getValue().equals("substantive")) {
          changes++;
          ok = kinds.equals(List.of(ChangeKind.CHANGED));
          detected += ok ? 1 : 0;
        } else if (e.getValue().equals("noise")) {
          noise++;
          ok = kinds.isEmpty();
          silent += ok ? 1 : 0;
        }
        if (!ok) {
          failures.add(service + " " + e.getKey() + " (" + e.getValue() + "): got " + kinds);
        }
      }
      FIGURES.put(service + " replay substantive/noise", "changed on " + detected + "/" + changes
          + " substantive versions; silent on " + silent + "/" + noise + " noise captures");
    }
    assertThat(failures).as("substantive versions without a changed event, or noise with an event").isEmpty();
  }

  /**
   * The differ's part of the replay bar: cosmetic versions give {@code cosmetic} or nothing, re-extractions
   * (the same policy read with new rules) give no {@code changed}; date-only versions may give either.
   */
  @Test
  void shouldNotReportCosmeticOrReextractedVersionsAsChangedOnReplay(@TempDir Path stateDir) throws IOException {
    List<String> failures = new ArrayList<>();
    for (String service : SERVICES) {
      Map<Instant, String> expected = expectations(service);
      Map<Instant, List<ChangeKind>> seen = replay(service, expected.keySet(), stateDir.resolve(service));
      int required = 0;
      int quiet = 0;
      for (Map.Entry<Instant, String> e : expected.entrySet()) {
        List<ChangeKind> kinds = seen.getOrDefault(e.getKey(), List.of());
        String want = e.getValue();
        boolean ok = true;
        if (want.equals("cosmetic") || want.equals("reextract")) {
          required++;
          ok = !kinds.contains(ChangeKind.CHANGED) && !kinds.contains(ChangeKind.EXTRACTION_FAILED);
          quiet += ok ? 1 : 0;
        } else if (want.equals("date-only")) {
          ok = !kinds.contains(ChangeKind.EXTRACTION_FAILED);
        }
        if (!ok) {
          failures.add(service + " " + e.getKey() + " (" + want + "): got " + kinds);
        }
      }
      FIGURES.put(service + " replay cosmetic/reextract", "no changed on " + quiet + "/" + required);
    }
    assertThat(failures).as("cosmetic or re-extracted versions reported as changed").isEmpty();
  }

  /** What each capture of a service should give: its manifest {@code text_change}, {@code reextract} or {@code noise}. */
  private static Map<Instant, String> expectations(String service) throws IOException {
    JsonNode manifest = manifest(service);
    Map<Instant, String> expected = new TreeMap<>();
    for (JsonNode v : manifest.get("versions")) {
      expected.put(captured(v.get("snapshot_file").asText()), v.path("text_change").asText(v.get("kind").asText()));
    }
    for (JsonNode noise : manifest.get("noise")) {
      expected.put(captured(noise.get("snapshot_file").asText()), "noise");
    }
    return expected;
  }

  private static Map<Instant, List<ChangeKind>> replay(String service, Iterable<Instant> captures, Path stateDir)
      throws IOException {
    Map<Instant, List<ChangeKind>> seen = new TreeMap<>();
    try (TopologyHarness harness = new TopologyHarness(PolicyTopology.build(Clock.systemUTC()), stateDir)) {
      // The service's target, with the history of its rules, as policy-targets holds it.
      for (Target t : DECLARATIONS.get(service).targets()) {
        harness.input(Topics.TARGETS).pipeInput(t.key().toString(), t);
      }
      TestInputTopic<String, Snapshot> in = harness.input(Topics.SNAPSHOTS);
      TestOutputTopic<String, Change> out = harness.output(Topics.CHANGES);
      DocumentDeclaration decl = DECLARATIONS.get(service).documents().get("privacy-policy").current();
      for (Instant at : captures) {
        Path file = fileFor(service, at);
        Snapshot s = new Snapshot(service, "privacy-policy", decl.url(), SnapshotSource.IMPORT, at, at, 200,
            "text/html", null, null, Files.readAllBytes(file));
        in.pipeInput(s.key().toString(), s, at);
        for (Change c : out.readValuesToList()) {
          seen.computeIfAbsent(c.capturedAt(), k -> new ArrayList<>()).add(c.kind());
        }
      }
    }
    return seen;
  }

  private static Path fileFor(String service, Instant at) {
    String name = STAMP.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)) + ".html";
    Path p = Corpus.otaDemo(service).resolve(name);
    return Files.exists(p) ? p : Corpus.otaDemo(service).resolve("noise").resolve(name);
  }

  static String extract(String service, Path html, boolean withSelectors) throws IOException {
    DocumentDeclaration decl = DECLARATIONS.get(service).documents().get("privacy-policy")
        .at(captured(html.getFileName().toString()));
    if (!withSelectors) {
      decl = DocumentDeclaration.of(decl.type(), decl.url());
    }
    return NORMALIZER.extract(Files.readAllBytes(html), "text/html", null, decl.url(), decl).text();
  }

  static Instant captured(String fileName) {
    String stamp = Path.of(fileName).getFileName().toString().replaceAll("\\..*$", "");
    return LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC);
  }

  static JsonNode manifest(String service) throws IOException {
    return Json.mapper().readTree(Corpus.otaDemo(service).resolve("manifest.json").toFile());
  }

  private static String format(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
