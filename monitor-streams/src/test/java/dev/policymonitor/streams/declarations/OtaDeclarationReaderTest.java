package dev.policymonitor.streams.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtaDeclarationReaderTest {
  @TempDir Path dir;

  private final OtaDeclarationReader reader = new OtaDeclarationReader();

  @Test
  void shouldReadSelectorsRangesRemoveAndFilters() throws IOException {
    Files.writeString(dir.resolve("Bumble.json"), """
        {"name": "Bumble", "terms": {
          "Privacy Policy": {"fetch": "https://bumble.com/en/privacy", "select": ".formatted-text"},
          "Terms of Service": {"fetch": "https://example.com/terms",
            "select": ["main article", {"startAfter": "#intro", "endBefore": "footer"}],
            "remove": [".cookie-banner", "nav"], "filter": ["removeQueryParams"], "executeClientScripts": true}
        }}""");
    OtaService s = reader.read(dir.resolve("Bumble.json"));
    assertThat(s.id()).isEqualTo("bumble");
    DocumentDeclaration tos = s.documents().get("terms-of-service").current();
    assertThat(tos.select()).containsExactly(Selector.css("main article"),
        new Selector(null, null, "#intro", "footer", null));
    assertThat(tos.remove()).containsExactly(Selector.css(".cookie-banner"), Selector.css("nav"));
    assertThat(tos.filters()).containsExactly("removeQueryParams");
    assertThat(tos.render()).isEqualTo(dev.policymonitor.model.RenderMode.BROWSER);
    assertThat(s.documents().get("privacy-policy").current().select()).containsExactly(Selector.css(".formatted-text"));
    assertThat(s.warnings()).singleElement().asString().contains("filter 'removeQueryParams'").contains("skipped");
  }

  @Test
  void shouldApplyHistoryRulesUpToAndIncludingValidUntil() throws IOException {
    Files.writeString(dir.resolve("npm Public Registry.json"), """
        {"name": "npm Public Registry", "terms": {"Privacy Policy": {
          "fetch": "https://docs.npmjs.com/policies/privacy", "select": "main"}}}""");
    Files.writeString(dir.resolve("npm Public Registry.history.json"), """
        {"Privacy Policy": [
          {"fetch": "https://docs.npmjs.com/policies/privacy", "select": "#newer", "validUntil": "2023-10-23T12:30:05Z"},
          {"fetch": "https://docs.npmjs.com/policies/privacy", "select": "#oldest", "validUntil": "2022-01-31"}
        ]}""");
    OtaService s = reader.readDirectory(dir).get(0);
    assertThat(s.id()).isEqualTo("npm-public-registry");
    // The target of the document carries the whole history to policy-targets.
    Target target = s.targets().stream().filter(t -> t.key().equals(new PolicyKey("npm-public-registry",
        "privacy-policy"))).findFirst().orElseThrow();
    assertThat(selectAt(target, "2022-01-31T23:59:59Z")).isEqualTo("#oldest");
    assertThat(selectAt(target, "2022-02-01T00:00:00Z")).isEqualTo("#newer");
    assertThat(selectAt(target, "2023-10-23T12:30:05Z")).isEqualTo("#newer");
    assertThat(selectAt(target, "2023-10-23T12:30:06Z")).isEqualTo("main");
    assertThat(s.targets()).extracting(Target::key).containsExactly(target.key());
  }

  @Test
  void shouldAcceptAHistoryEntrySpellingValidUntilWithAWarningNamingTheFile() {
    OtaService s = reader.readDirectory(Corpus.history("declarations/validuntil")).get(0);
    Target target = s.targets().stream().filter(t -> t.key().equals(new PolicyKey("npm-public-registry",
        "privacy-policy"))).findFirst().orElseThrow();
    assertThat(selectAt(target, "2023-10-01T00:00:00Z")).isEqualTo("#skip-nav");
    assertThat(selectAt(target, "2023-10-24T00:00:00Z")).isEqualTo("main");
    assertThat(s.warnings()).singleElement().asString().contains("npm Public Registry.history.json")
        .contains("ValidUntil");
  }

  @Test
  void shouldMergeACombineOnOnePageAndWarnAboutOtherPages() throws IOException {
    Files.writeString(dir.resolve("Acme.json"), """
        {"name": "Acme", "documents": {"Privacy Policy": {"combine": [
          {"fetch": "https://acme.com/privacy", "select": "#part1"},
          {"fetch": "https://acme.com/privacy", "select": "#part2", "remove": ".ad"},
          {"fetch": "https://acme.com/cookies", "select": "main"}
        ]}}}""");
    OtaService s = reader.read(dir.resolve("Acme.json"));
    DocumentDeclaration d = s.documents().get("privacy-policy").current();
    assertThat(d.url()).isEqualTo("https://acme.com/privacy");
    assertThat(d.select()).containsExactly(Selector.css("#part1"), Selector.css("#part2"));
    assertThat(d.remove()).containsExactly(Selector.css(".ad"));
    assertThat(s.warnings()).singleElement().asString().contains("https://acme.com/cookies");
  }

  @Test
  void shouldRejectAFileWithoutTermsClearly() throws IOException {
    Files.writeString(dir.resolve("Broken.json"), "{\"name\": \"Broken\"}");
    assertThatThrownBy(() -> reader.read(dir.resolve("Broken.json"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageEndingWith("Broken.json: no \"terms\" object");
    Files.writeString(dir.resolve("Bad.json"), "{not json");
    assertThatThrownBy(() -> reader.read(dir.resolve("Bad.json"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Bad.json: not valid JSON");
  }

  private static String selectAt(Target target, String at) {
    return target.declarationAt(Instant.parse(at)).select().get(0).css();
  }
}
