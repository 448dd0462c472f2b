package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad vendors file is refused when read, with the file, the line and the reason. */
class VendorsFileTest {
  private static final String ONE_DOCUMENT = """
      vendors:
        - id: acme
          documents:
            - type: privacy-policy
              url: https://acme.example/privacy
      """;

  @Test
  void shouldNameTheLineOfAnUnknownKeyOnTheFirstLine() {
    assertRefused("pollIntervall: PT1H\n" + ONE_DOCUMENT,
        "vendors.yaml, line 1: unknown key \"pollIntervall\" at pollIntervall (known keys: allowTargets, "
            + "pollInterval, vendors)");
  }

  @Test
  void shouldNameTheLineOfAnUnknownKeyOnTheLastLine() {
    assertRefused(ONE_DOCUMENT + "        selct: main\n",
        "vendors.yaml, line 6: unknown key \"selct\" at vendors[0].documents[0].selct (known keys: ");
  }

  @Test
  void shouldNameTheLineOfAnUnknownKeyInTheMiddleOfANestedRecord() {
    assertRefused("""
        vendors:
          - id: acme
            documents:
              - type: privacy-policy
                url: https://acme.example/privacy
          - id: bravo
            nmae: Bravo
            documents:
              - {type: terms, url: "https://bravo.example/terms"}
        """, "vendors.yaml, line 7: unknown key \"nmae\" at vendors[1].nmae (known keys: documents, id, name, "
        + "pollInterval)");
    assertRefused("""
        vendors:
          - id: bravo
            documents:
              - {type: terms, url: "https://bravo.example/terms", pollIntervl: PT1H}
        """, "vendors.yaml, line 4: unknown key \"pollIntervl\" at vendors[0].documents[0].pollIntervl");
  }

  @Test
  void shouldRefuseABadCssSelectorWhenReadNotWhenExtracting() {
    assertRefused(ONE_DOCUMENT + "        select: [main, \"div[\"]\n", "vendors.yaml, line 6: "
        + "vendors[0].documents[0].select[1]: not a valid CSS selector: 'div['");
    assertRefused(ONE_DOCUMENT + "        remove:\n        - startAfter: '#a'\n          endBefore: 'p:has('\n",
        "vendors.yaml, line 7: vendors[0].documents[0].remove[0]: not a valid CSS selector: 'p:has('");
  }

  @Test
  void shouldRefuseAVendorDeclaredTwice() {
    assertRefused(ONE_DOCUMENT + """
          - id: acme
            documents:
              - {type: terms, url: "https://acme.example/terms"}
        """, "vendors.yaml, line 6: vendor acme is declared twice (first on line 2)");
  }

  @Test
  void shouldRefuseADocumentTypeDeclaredTwiceInOneVendor() {
    assertRefused(ONE_DOCUMENT + "      - {type: privacy-policy, url: \"https://acme.example/p2\"}\n",
        "vendors.yaml, line 6: document acme/privacy-policy is declared twice (first on line 4)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "-PT5S"})
  void shouldRefuseAPollIntervalThatIsNotPositiveAtEveryLevel(String interval) {
    assertRefused("pollInterval: " + interval + "\n" + ONE_DOCUMENT,
        "vendors.yaml, line 1: pollInterval " + Duration.parse(interval) + " must be positive");
    assertRefused(ONE_DOCUMENT.replace("    documents:", "    pollInterval: " + interval + "\n    documents:"),
        "vendors.yaml, line 3: vendors[0].pollInterval " + Duration.parse(interval) + " must be positive");
    assertRefused(ONE_DOCUMENT + "        pollInterval: " + interval + "\n",
        "vendors.yaml, line 6: vendors[0].documents[0].pollInterval " + Duration.parse(interval)
            + " must be positive");
  }

  @Test
  void shouldRefuseADurationThatIsNotIso8601() {
    assertRefused(ONE_DOCUMENT + "        pollInterval: 6 hours\n",
        "vendors.yaml, line 6: vendors[0].documents[0].pollInterval: \"6 hours\" is not an ISO-8601 duration");
  }

  @Test
  void shouldRefuseAKeyWrittenTwice() {
    assertRefused(ONE_DOCUMENT + "        url: https://acme.example/other\n",
        "vendors.yaml, line 6: key \"url\" at vendors[0].documents[0].url is written twice (first on line 5)");
  }

  @Test
  void shouldRefuseBrokenYamlWithTheParsersLine() {
    assertRefused(ONE_DOCUMENT + "        select: [main\n", "vendors.yaml, line 7");
  }

  @Test
  void shouldRefuseAMissingUrl() {
    assertRefused("vendors:\n  - id: acme\n    documents:\n      - type: privacy-policy\n",
        "vendors.yaml, line 4: vendors[0].documents[0]: missing key \"url\"");
  }

  @Test
  void shouldRefuseTheForbiddenTargetsOfTheIssueUpFront() {
    for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
        "http://192.168.1.1/", "http://[fd00::1]/", "http://metadata.google.internal/", "http://localhost/",
        "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0.0.0.0/"}) {
      assertThatThrownBy(() -> parse(ONE_DOCUMENT.replace("https://acme.example/privacy", url), false))
          .as(url).isInstanceOf(InvalidConfigException.class)
          .hasMessageStartingWith("vendors.yaml, line 5: acme/privacy-policy: url " + url + " is a forbidden target: ")
          .hasMessageContaining("allowTargets").hasMessageContaining("POLICY_MONITOR_ALLOW_PRIVATE_TARGETS");
    }
  }

  @Test
  void shouldAcceptAPrivateTargetTheFileAllowsOrTheSwitchAllows() {
    String yaml = ONE_DOCUMENT.replace("https://acme.example/privacy", "http://10.1.2.3:8080/privacy");
    assertThat(parse("allowTargets: [10.0.0.0/8]\n" + yaml, false).allowList().entries())
        .containsExactly("10.0.0.0/8");
    assertThat(parse("allowTargets: [\"10.1.2.3:8080\"]\n" + yaml, false).targets()).hasSize(1);
    assertThat(parse(yaml, true).targets()).hasSize(1);
    assertRefused("allowTargets: [\"10.1.2.3:9090\"]\n" + yaml, "vendors.yaml, line 6: acme/privacy-policy: url");
    assertThatThrownBy(() -> parse(ONE_DOCUMENT.replace("https://acme.example/privacy",
        "http://169.254.169.254/"), true)).as("the switch never allows metadata")
        .hasMessageContaining("169.254.169.254 is a cloud metadata address");
  }

  @Test
  void shouldRefuseABadAllowListEntryWithItsLine() {
    assertRefused("allowTargets:\n  - 10.0.0.0/8\n  - 10.0.0.0/40\n" + ONE_DOCUMENT,
        "vendors.yaml, line 3: allowTargets[1]: '10.0.0.0/40': the prefix length must be 0..32");
  }

  private static void assertRefused(String yaml, String messageStart) {
    assertThatThrownBy(() -> parse(yaml, false)).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(messageStart);
  }

  private static VendorsConfig parse(String yaml, boolean allowPrivate) {
    return VendorsConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "vendors.yaml",
        allowPrivate);
  }
}
