package dev.policymonitor.alerts.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingRulesTest {
  @TempDir Path dir;

  @Test
  void shouldPageOnlyForLiveChangesAtOrAboveTheMinimumSeverityByDefault() {
    ChannelPolicy slack = RoutingRules.defaults(Severity.MEDIUM).policyFor("slack");

    assertThat(slack.accepts(TestChanges.of("a", ChangeKind.CHANGED, Severity.HIGH, SnapshotSource.LIVE))).isTrue();
    assertThat(slack.accepts(TestChanges.of("b", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE))).isFalse();
    assertThat(slack.accepts(TestChanges.of("c", ChangeKind.CHANGED, Severity.HIGH, SnapshotSource.WAYBACK))).isFalse();
    assertThat(slack.accepts(TestChanges.of("d", ChangeKind.EXTRACTION_FAILED, Severity.MEDIUM, SnapshotSource.LIVE)))
        .isTrue();
    for (ChangeKind quiet : new ChangeKind[] {ChangeKind.FIRST, ChangeKind.HISTORICAL, ChangeKind.TECHNICAL_UPGRADE}) {
      assertThat(slack.accepts(TestChanges.of("e", quiet, Severity.HIGH, SnapshotSource.LIVE))).as("%s", quiet).isFalse();
    }
  }

  @Test
  void shouldNotPageAHistoricalExtractionFailureUnlessARouteTakesHistoricalChanges() {
    Change live = TestChanges.of("f", ChangeKind.EXTRACTION_FAILED, Severity.MEDIUM, SnapshotSource.LIVE);
    Change historical = new Change(live.changeId(), live.key(), live.vendor(), live.document(), live.kind(), null,
        live.capturedAt(), null, live.digest(), null, null, null, null, null, live.severity(), null, null,
        List.of(ChangeFlag.HISTORICAL), live.url(), live.source(), live.detectedAt());
    Route failures = new Route("slack", Set.of(), Set.of(), Set.of(),
        Set.of(ChangeKind.EXTRACTION_FAILED, ChangeKind.HISTORICAL), Set.of(), Severity.LOW);

    assertThat(Route.defaultFor("slack", Severity.LOW).matches(live)).isTrue();
    assertThat(Route.defaultFor("slack", Severity.LOW).matches(historical)).isFalse();
    assertThat(failures.matches(historical)).isTrue();
  }

  @Test
  void shouldNeverAlertAChangeFlaggedIgnoredOnAnyRouteOrTheConsole() {
    Change cosmetic = TestChanges.of("g", ChangeKind.COSMETIC, Severity.LOW, SnapshotSource.LIVE);
    Change ignored = new Change(cosmetic.changeId(), cosmetic.key(), cosmetic.vendor(), cosmetic.document(),
        cosmetic.kind(), cosmetic.previousCapturedAt(), cosmetic.capturedAt(), cosmetic.previousDigest(),
        cosmetic.digest(), null, null, null, null, null, cosmetic.severity(), null, null,
        List.of(ChangeFlag.IGNORED), cosmetic.url(), cosmetic.source(), cosmetic.detectedAt());
    Route everything = new Route("slack", Set.of(), Set.of(), Set.of(), Set.of(ChangeKind.values()),
        Set.of(SnapshotSource.values()), Severity.LOW);

    assertThat(everything.matches(cosmetic)).as("the same change without the flag").isTrue();
    assertThat(everything.matches(ignored)).isFalse();
    assertThat(RoutingRules.defaults(Severity.LOW).policyFor("slack").accepts(ignored)).isFalse();
    assertThat(RoutingRules.defaults(Severity.LOW).policyFor(RoutingRules.CONSOLE).accepts(ignored)).isFalse();
  }

  @Test
  void shouldShowFirstButNotTechnicalUpgradesOnTheConsole() {
    ChannelPolicy console = RoutingRules.defaults(Severity.HIGH).policyFor(RoutingRules.CONSOLE);

    assertThat(console.accepts(TestChanges.of("a", ChangeKind.FIRST, Severity.LOW, SnapshotSource.LIVE))).isTrue();
    assertThat(console.accepts(TestChanges.of("b", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.WAYBACK))).isTrue();
    assertThat(console.accepts(TestChanges.of("c", ChangeKind.TECHNICAL_UPGRADE, Severity.LOW, SnapshotSource.LIVE)))
        .isFalse();
    assertThat(console.accepts(TestChanges.of("d", ChangeKind.HISTORICAL, Severity.LOW, SnapshotSource.WAYBACK)))
        .isFalse();
  }

  @Test
  void shouldRouteByVendorCategoryKindAndSeverityFromTheFile() throws Exception {
    Path file = dir.resolve("alerts.yaml");
    Files.writeString(file, """
        minSeverity: medium
        channels:
          email: {digest: daily}
        routes:
          - channel: slack
            vendors: [defensx]
            categories: [sale-of-data]
            minSeverity: high
          - channel: slack
            kinds: [historical, technical-upgrade]
            sources: [wayback, live]
            minSeverity: low
        """);
    RoutingRules rules = RoutingRules.load(file, Severity.LOW);
    ChannelPolicy slack = rules.policyFor("slack");

    assertThat(slack.accepts(TestChanges.sale())).isTrue();
    assertThat(slack.accepts(TestChanges.hostile())).as("other vendor").isFalse();
    assertThat(slack.accepts(TestChanges.of("h", ChangeKind.HISTORICAL, Severity.LOW, SnapshotSource.WAYBACK))).isTrue();
    assertThat(slack.accepts(TestChanges.of("c", ChangeKind.CHANGED, Severity.HIGH, SnapshotSource.LIVE)))
        .as("corero is not routed to slack").isFalse();
    ChannelPolicy email = rules.policyFor("email");
    assertThat(email.digest()).isEqualTo(DigestSchedule.DAILY);
    assertThat(email.accepts(TestChanges.of("m", ChangeKind.CHANGED, Severity.MEDIUM, SnapshotSource.LIVE))).isTrue();
    assertThat(email.accepts(TestChanges.of("l", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE)))
        .as("file minSeverity medium").isFalse();
    assertThat(rules.channelsNamed()).containsExactly("email", "slack");
  }

  @Test
  void shouldNameTheFileTheLineAndTheReasonOfEveryBadRule() throws Exception {
    Path file = dir.resolve("alerts.yaml");
    String[][] cases = {
        {"minSeverity: urgent\n", "line 1: minSeverity: \"urgent\" is not one of low, medium, high"},
        {"routes:\n  - channel: slack\n    kinds: [changed, chnged]\n",
            "line 3: routes[0].kinds[1]: \"chnged\" is not one of "},
        {"routes:\n  - channel: slack\n  - vendors: [acme]\n",
            "line 3: routes[1]: the route names no channel (e.g. channel: slack)"},
        {"routes:\n  - channel: slack\n    sources: [live]\n    sources: [wayback]\n",
            "line 4: key \"sources\" at routes[0].sources is written twice (first on line 3)"},
        {"channels:\n  email: {digest: weekly}\n", "line 2: channels.email.digest: \"weekly\" is not one of "},
        {"routes:\n  - channel: slack\n    minSeverity: high\n    vendor: [acme]\n",
            "line 4: unknown key \"vendor\" at routes[0].vendor (known keys: categories, channel, documents, kinds, "
                + "minSeverity, sources, vendors)"},
        {"routes: [\n", "line 2: not valid YAML"},
    };
    for (String[] c : cases) {
      Files.writeString(file, c[0]);
      assertThatThrownBy(() -> RoutingRules.load(file, Severity.LOW)).as(c[0])
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageStartingWith("alerts routing file " + file + ", " + c[1]);
    }
  }

  @Test
  void shouldNameTheFileAndTheProblemForABadFile() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "routes:\n  - channel: slack\n    vendor: [typo]\n");

    assertThatThrownBy(() -> RoutingRules.load(file, Severity.LOW)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining("vendor");
    Files.writeString(file, "channels:\n  email: {digest: weekly}\n");
    assertThatThrownBy(() -> RoutingRules.load(file, Severity.LOW)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("weekly");
  }
}
