package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VendorsConfigTest {

  @Test
  void shouldTrackTheFiveSeedVendorsByDefault() {
    List<Target> targets = VendorsConfig.defaults().targets();

    assertThat(targets).extracting(t -> t.key().toString()).containsExactly(
        "pentasecurity/privacy-policy", "microsec/privacy-policy", "corero/privacy-policy",
        "alienvault/privacy-policy", "defensx/privacy-policy");
    assertThat(targets).extracting(Target::url).contains("https://www.corero.com/company/privacy-policy.html");
  }

  @Test
  void shouldResolvePollIntervalFromDocumentThenVendorThenGlobal() {
    VendorsConfig config = parse("""
        pollInterval: PT1H
        vendors:
          - id: a
            pollInterval: PT10M
            documents:
              - {type: privacy-policy, url: "https://a.test/p"}
              - {type: terms, url: "https://a.test/t", pollInterval: PT1M}
          - id: b
            documents:
              - type: privacy-policy
                url: https://b.test/p
                select: ["main", {startAfter: "#intro", endBefore: "footer"}]
        """);

    assertThat(config.targets()).extracting(Target::pollInterval)
        .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(1));
    assertThat(config.targets().get(2).declaration().select()).hasSize(2);
    assertThat(config.targets().get(2).declaration().select().get(1).isRange()).isTrue();
  }

  @Test
  void shouldRejectAnUnknownKeyWithItsLine() {
    assertThatThrownBy(() -> parse("vendors:\n  - id: a\n    documnets: []\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("\"documnets\"").hasMessageContaining("at vendors[0].documnets");
  }

  @Test
  void shouldRejectADuplicateDocument() {
    assertThatThrownBy(() -> parse("""
        vendors:
          - id: a
            documents:
              - {type: privacy-policy, url: "https://a.test/p"}
              - {type: privacy-policy, url: "https://a.test/q"}
        """)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("a/privacy-policy is declared twice");
  }

  @Test
  void shouldRejectANonHttpUrlAndABadVendorId() {
    assertThatThrownBy(() -> parse("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"ftp://x/y\"}\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("url must be http(s)");
    assertThatThrownBy(() -> parse("vendors:\n  - id: Bad Id\n    documents:\n      - {type: p, url: \"https://x/y\"}\n"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("vendor id");
  }

  @Test
  void shouldAcceptTheRenderSettingAndRejectAnUnknownValueByName() {
    VendorsConfig config = parse("""
        vendors:
          - id: a
            documents:
              - {type: privacy-policy, url: "https://a.test/p", render: browser}
              - {type: terms, url: "https://a.test/t", render: static}
              - {type: cookies, url: "https://a.test/c", executeClientScripts: true}
              - {type: imprint, url: "https://a.test/i"}
        """);
    assertThat(config.targets()).extracting(t -> t.declaration().render())
        .containsExactly(RenderMode.BROWSER, RenderMode.STATIC, RenderMode.BROWSER, null);

    assertThatThrownBy(() -> parse("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"https://x/y\", render: chrome}\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("test.yaml, line 4: vendors[0].documents[0].render: \"chrome\" is not one of browser, static");
  }

  @Test
  void shouldSayWhenTheFileIsMissing() {
    assertThatThrownBy(() -> VendorsConfig.load(Path.of("/nonexistent/vendors.yaml")))
        .isInstanceOf(InvalidConfigException.class).hasMessage("vendors file not found: /nonexistent/vendors.yaml");
  }

  @Test
  void shouldParseTheKeyWireForm() {
    assertThat(PolicyKey.parse("corero/privacy-policy")).isEqualTo(new PolicyKey("corero", "privacy-policy"));
    assertThatThrownBy(() -> PolicyKey.parse("corero")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyKey.parse("a/b/c")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadPausedAndIgnoreRulesAndKeepThemOutOfTheRulesDigest() {
    VendorsConfig config = parse("""
        vendors:
          - id: a
            documents:
              - type: privacy-policy
                url: https://a.test/p
                paused: true
                ignore: ["Last reviewed by", {regex: "Visited [0-9]+ times"}]
        """);

    DocumentDeclaration d = config.targets().get(0).declaration();
    assertThat(d.pollingPaused()).isTrue();
    assertThat(d.ignore()).containsExactly(IgnoreRule.text("Last reviewed by"), IgnoreRule.regex("Visited [0-9]+ times"));
    assertThat(d.rulesDigest()).isEqualTo(DocumentDeclaration.of("privacy-policy", "https://a.test/p").rulesDigest());
    assertThat(DocumentDeclaration.of("p", "https://a.test/p").withPaused(false).paused())
        .as("not paused is written as nothing").isNull();
  }

  @Test
  void shouldNameTheFieldOfEachProblem() {
    assertThat(fieldOf("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"https://a.test/p\", select: [\"main >\"]}\n"))
        .isEqualTo("vendors[0].documents[0].select[0]");
    assertThat(fieldOf("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"https://a.test/p\", pollInterval: PT0S}\n"))
        .isEqualTo("vendors[0].documents[0].pollInterval");
    assertThat(fieldOf("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"https://a.test/p\", ignore: [{regex: \"(.*a){8}b\"}]}\n"))
        .isEqualTo("vendors[0].documents[0].ignore[0]");
    assertThat(fieldOf("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"mailto:x@y\"}\n"))
        .isEqualTo("vendors[0].documents[0].url");
    assertThat(fieldOf("vendors:\n  - id: a\n    documents:\n      - {type: p, url: \"https://a.test/p\", selct: [x]}\n"))
        .isEqualTo("vendors[0].documents[0].selct");
  }

  private static String fieldOf(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigException e) {
      return e.field();
    }
    throw new AssertionError("accepted: " + yaml);
  }

  private static VendorsConfig parse(String yaml) {
    return VendorsConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }
}
