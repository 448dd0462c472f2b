package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DatedDeclaration;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRule;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.TargetOrigin;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.diff.Markers;
import dev.policymonitor.testing.TopologyHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTopologyTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final String UPDATED = "Last updated: January 5, 2024";
  private static final String COLLECT = "We collect your name and email address when you create an account.";
  private static final String COOKIES = "We use cookies to remember your preferences.";
  private static final String NO_SALE = "We do not sell your personal information.";
  private static final String DELETE = "You can ask us to delete your account at any time.";
  private static final String LOGS = "We keep server logs for 30 days.";

  @TempDir Path stateDir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyHarness harness;
  private TestInputTopic<String, Target> targets;
  private TestInputTopic<String, Snapshot> snapshots;
  private TestInputTopic<String, Snapshot> reprocess;
  private TestOutputTopic<String, Change> changes;
  private TestOutputTopic<String, Version> versions;

  @BeforeEach
  void setUp() {
    StreamsMetrics metrics = new StreamsMetrics();
    metrics.bindTo(registry);
    harness = new TopologyHarness(PolicyTopology.build(DetectionSettings.defaults(), metrics,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)), stateDir);
    targets = harness.input(Topics.TARGETS);
    snapshots = harness.input(Topics.SNAPSHOTS);
    reprocess = harness.input(Topics.REPROCESS);
    changes = harness.output(Topics.CHANGES);
    versions = harness.output(Topics.VERSIONS);
    // The document is tracked (policy-targets) without selectors: generic extraction.
    track(DocumentDeclaration.of(KEY.document(), URL));
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  /** Writes the document's target, with these rules, to policy-targets (as vendors add or the fetcher's seeding). */
  private void track(DocumentDeclaration rules, DatedDeclaration... history) {
    targets.pipeInput(KEY.toString(), new Target(KEY.vendor(), null, rules, Duration.ofHours(6), List.of(history),
        TargetOrigin.VENDORS_ADD));
  }

  private static String page(String... paragraphs) {
    StringBuilder html = new StringBuilder("<html><head><title>Privacy</title></head><body><h1>Privacy Policy</h1>");
    for (String p : paragraphs) {
      html.append(p.startsWith("<") ? p : "<p>" + p + "</p>");
    }
    return html.append("</body></html>").toString();
  }

  private static String original() {
    return page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS);
  }

  private static Snapshot snapshot(String html, Instant capturedAt) {
    return snapshot(html, capturedAt, SnapshotSource.LIVE);
  }

  private static Snapshot snapshot(String html, Instant capturedAt, SnapshotSource source) {
    return new Snapshot(KEY.vendor(), KEY.document(), URL, source, capturedAt, capturedAt, 200, "text/html",
        "UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
  }

  private void send(String html, Instant capturedAt) {
    snapshots.pipeInput(KEY.toString(), snapshot(html, capturedAt));
  }

  private List<Change> drain() {
    return new ArrayList<>(changes.readValuesToList());
  }

  private Version latest() {
    KeyValueStore<String, Version> store = harness.store(PolicyTopology.LATEST_VERSION_STORE);
    return store.get(KEY.toString());
  }

  private double versionsCounted(String result) {
    return registry.get("policy.versions").tag("result", result).counter().count();
  }

  @Test
  void shouldEmitFirstForANewDocument() {
    send(original(), T0);

    List<Change> emitted = drain();
    assertThat(emitted).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.FIRST);
      assertThat(c.key()).isEqualTo("acme/privacy-policy");
      assertThat(c.capturedAt()).isEqualTo(T0);
      assertThat(c.severity()).isEqualTo(Severity.LOW);
    });
    assertThat(versions.readValue().text()).contains(NO_SALE);
    assertThat(versionsCounted("first")).isEqualTo(1);
  }

  @Test
  void shouldEmitNothingForTheSameBytesOrTheSameText() {
    send(original(), T0);
    drain();

    send(original(), T0.plus(Duration.ofHours(1)));
    send(original().replace("<title>Privacy</title>", "<title>Privacy</title><script>var t=1;</script>"),
        T0.plus(Duration.ofHours(2)));

    assertThat(changes.isEmpty()).isTrue();
    assertThat(versionsCounted("unchanged")).isEqualTo(2);
  }

  @Test
  void shouldEmitAHighSeverityUndisclosedChangeWhenASalePromiseTurnsIntoASale() {
    send(original(), T0);
    drain();
    versions.readValuesToList();
    String sale = "We may sell your personal information to advertising partners.";

    send(page(UPDATED, COLLECT, COOKIES, sale, DELETE, LOGS), T0.plus(Duration.ofDays(1)));

    Change c = changes.readValue();
    assertThat(c.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(c.previousCapturedAt()).isEqualTo(T0);
    assertThat(c.modified()).singleElement().satisfies(m -> {
      assertThat(m.before()).isEqualTo(NO_SALE);
      assertThat(m.after()).isEqualTo(sale);
      assertThat(Markers.of(m.segments())).isEqualTo(
          "We [-do not-]{+may+} sell your personal information {+to advertising partners+}.");
      assertThat(m.section()).isEqualTo("Privacy Policy");
    });
    assertThat(c.severity()).isEqualTo(Severity.HIGH);
    assertThat(c.categories()).contains("sale-of-data");
    assertThat(c.flags()).containsExactly(ChangeFlag.UNDISCLOSED);
    assertThat(c.reasons()).anyMatch(r -> r.contains("new: we may sell"));
    assertThat(versions.readValue().text()).contains(sale);
    assertThat(registry.get("policy.changes").tags("kind", "changed", "severity", "high").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldNotFlagAChangeAsUndisclosedWhenThePolicyDateMoved() {
    send(original(), T0);
    drain();

    send(page("Last updated: March 2, 2024", COLLECT, COOKIES, NO_SALE, DELETE, LOGS,
        "We share usage statistics with our analytics provider."), T0.plus(Duration.ofDays(1)));

    Change c = changes.readValue();
    assertThat(c.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(c.added()).containsExactly("We share usage statistics with our analytics provider.");
    assertThat(c.flags()).doesNotContain(ChangeFlag.UNDISCLOSED);
  }

  @Test
  void shouldRecordCaseWhitespacePunctuationAndDateEditsAsCosmetic() {
    send(original(), T0);
    drain();

    send(page("Last updated: February 9, 2024", COLLECT.toUpperCase(), COOKIES.replace(".", "!"),
        NO_SALE.replace(" ", "  "), DELETE, LOGS), T0.plus(Duration.ofDays(1)));

    Change c = changes.readValue();
    assertThat(c.kind()).isEqualTo(ChangeKind.COSMETIC);
    assertThat(c.severity()).isEqualTo(Severity.LOW);
    assertThat(c.modified()).isNotEmpty();
  }

  @Test
  void shouldRecordChangesOfIgnoredSentencesAsIgnoredOnceTheRulesArriveInPolicyTargets() {
    String reviewed = "Last reviewed by Alice.";
    send(page(UPDATED, COLLECT, NO_SALE, reviewed), T0);
    send(page(UPDATED, COLLECT, NO_SALE, "Last reviewed by Bob."), T0.plus(Duration.ofDays(1)));
    assertThat(drain()).extracting(Change::kind).as("no rule yet: a change")
        .containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);

    track(new DocumentDeclaration(KEY.document(), URL, List.of(), List.of(), List.of(), null, null, null,
        List.of(IgnoreRule.regex("^Last reviewed by \\w+\\.$"))));
    send(page(UPDATED, COLLECT, NO_SALE, "Last reviewed by Carol."), T0.plus(Duration.ofDays(2)));
    send(page(UPDATED, COLLECT, NO_SALE, "Last reviewed by Dan.", "We share data with advertisers."),
        T0.plus(Duration.ofDays(3)));

    List<Change> emitted = drain();
    assertThat(emitted).extracting(Change::kind).containsExactly(ChangeKind.COSMETIC, ChangeKind.CHANGED);
    assertThat(emitted.get(0).flags()).containsExactly(ChangeFlag.IGNORED);
    assertThat(emitted.get(0).modified()).singleElement()
        .satisfies(m -> assertThat(m.after()).isEqualTo("Last reviewed by Carol."));
    assertThat(emitted.get(1).flags()).doesNotContain(ChangeFlag.IGNORED);
    assertThat(emitted.get(1).added()).containsExactly("We share data with advertisers.");
    assertThat(latest().text()).as("ignored changes still move the version on").contains("Dan");
  }

  @Test
  void shouldReportARevertInsideTheWindowAsRevertedAndNotAsASecondChange() {
    String edited = page(UPDATED, COLLECT, COOKIES, DELETE, LOGS);
    send(original(), T0);
    send(edited, T0.plus(Duration.ofDays(1)));
    List<Change> before = drain();

    send(original(), T0.plus(Duration.ofDays(3)));

    assertThat(before).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
    Change c = changes.readValue();
    assertThat(c.kind()).isEqualTo(ChangeKind.REVERTED);
    assertThat(c.severity()).isEqualTo(Severity.LOW);
    assertThat(c.flags()).containsExactly(ChangeFlag.REVERTED);
    assertThat(c.added()).containsExactly(NO_SALE);
    assertThat(c.reasons()).singleElement().asString().contains(before.get(1).changeId()).contains("2 days");
    assertThat(changes.isEmpty()).isTrue();
    assertThat(latest().text()).contains(NO_SALE);
  }

  @Test
  void shouldReportAReturnAfterTheWindowAsAChange() {
    send(original(), T0);
    send(page(UPDATED, COLLECT, COOKIES, DELETE, LOGS), T0.plus(Duration.ofDays(1)));
    drain();

    send(original(), T0.plus(Duration.ofDays(9)));

    assertThat(changes.readValue().kind()).isEqualTo(ChangeKind.CHANGED);
  }

  @Test
  void shouldPlaceALateOlderCaptureInHistoryWithoutTouchingTheLatestVersion() {
    String older = page(UPDATED, COLLECT, COOKIES, NO_SALE, LOGS);
    String newer = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, "We use Stripe to process payments.");
    send(older, T0);
    send(newer, T0.plus(Duration.ofDays(30)));
    drain();
    versions.readValuesToList();

    // A Wayback capture from between the two arrives late.
    snapshots.pipeInput(KEY.toString(), snapshot(original(), T0.plus(Duration.ofDays(10)), SnapshotSource.WAYBACK));

    List<Change> emitted = drain();
    assertThat(emitted).hasSize(2).allSatisfy(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.HISTORICAL);
      assertThat(c.flags()).contains(ChangeFlag.HISTORICAL);
    });
    assertThat(emitted.get(0).previousCapturedAt()).isEqualTo(T0);
    assertThat(emitted.get(0).capturedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
    assertThat(emitted.get(0).added()).containsExactly(DELETE);
    assertThat(emitted.get(1).previousCapturedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
    assertThat(emitted.get(1).added()).containsExactly("We use Stripe to process payments.");
    assertThat(versions.isEmpty()).isTrue();
    assertThat(latest().capturedAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
    KeyValueStore<String, DocumentHistory> history = harness.store(PolicyTopology.HISTORY_STORE);
    assertThat(history.get(KEY.toString()).versions()).extracting(VersionEntry::capturedAt)
        .containsExactly(T0, T0.plus(Duration.ofDays(10)), T0.plus(Duration.ofDays(30)));

    // The same late capture again is a duplicate.
    snapshots.pipeInput(KEY.toString(), snapshot(original(), T0.plus(Duration.ofDays(10)), SnapshotSource.WAYBACK));
    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void shouldReportExtractionFailuresAndKeepTheGoodVersion() {
    send(original(), T0);
    drain();
    versions.readValuesToList();

    send("<html><body></body></html>", T0.plus(Duration.ofHours(1)));
    send(page("Please enable JavaScript to view this page."), T0.plus(Duration.ofHours(2)));
    send(page(UPDATED, COLLECT), T0.plus(Duration.ofHours(3)));
    send(page(UPDATED, COLLECT), T0.plus(Duration.ofHours(4)));

    List<Change> failures = drain();
    assertThat(failures).extracting(Change::kind).containsOnly(ChangeKind.EXTRACTION_FAILED).hasSize(3);
    assertThat(failures.get(0).reasons()).singleElement().asString().contains("no text extracted");
    assertThat(failures.get(1).reasons()).singleElement().asString().contains("JavaScript shell");
    assertThat(failures.get(2).reasons()).singleElement().asString().contains("shrank");
    assertThat(versions.isEmpty()).isTrue();
    assertThat(latest().capturedAt()).isEqualTo(T0);
    assertThat(registry.get("policy.extraction.failures").tag("vendor", "acme").counter().count()).isEqualTo(3);

    // The next good capture is compared with the last good version, not with the broken ones.
    send(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, "We use Stripe to process payments."),
        T0.plus(Duration.ofHours(5)));
    Change next = changes.readValue();
    assertThat(next.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(next.previousCapturedAt()).isEqualTo(T0);
    assertThat(next.added()).containsExactly("We use Stripe to process payments.");
    assertThat(next.removed()).isEmpty();
  }

  @Test
  void shouldEmitATechnicalUpgradeWhenTheExtractionRulesChange() {
    String withBanner = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS,
        "<p class=\"banner\">Subscribe to our newsletter today.</p>");
    send(withBanner, T0);
    drain();
    versions.readValuesToList();

    track(new DocumentDeclaration(KEY.document(), URL, List.of(), List.of(Selector.css(".banner")), List.of(), null,
        null));
    send(withBanner, T0.plus(Duration.ofDays(1)));

    Change upgrade = changes.readValue();
    assertThat(upgrade.kind()).isEqualTo(ChangeKind.TECHNICAL_UPGRADE);
    assertThat(upgrade.removed()).containsExactly("Subscribe to our newsletter today.");
    assertThat(upgrade.reasons()).singleElement().asString().startsWith("technical upgrade: extraction rules");
    assertThat(changes.isEmpty()).isTrue();
    assertThat(latest().text()).doesNotContain("Subscribe");

    // A real edit afterwards is compared with the re-derived text: only the edit shows.
    send(withBanner.replace(LOGS, "We keep server logs for 90 days."), T0.plus(Duration.ofDays(2)));
    Change edit = changes.readValue();
    assertThat(edit.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(edit.modified()).singleElement().extracting(m -> Markers.of(m.segments()))
        .isEqualTo("We keep server logs for [-30-]{+90+} days.");
    assertThat(edit.removed()).isEmpty();
  }

  @Test
  void shouldEmitOneTechnicalUpgradeForACaptureReadWithNewerRules() {
    // Like an OTA declaration history: new rules (drop the banner) apply to captures from T0 + 5 days.
    DocumentDeclaration newer = new DocumentDeclaration(KEY.document(), URL, List.of(),
        List.of(Selector.css(".banner")), List.of(), null, null);
    track(newer, new DatedDeclaration(T0.plus(Duration.ofDays(5)).minusNanos(1), DocumentDeclaration.of(KEY.document(),
        URL)));
    String banner = "<p class=\"banner\">Subscribe to our newsletter today.</p>";
    send(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, banner), T0);
    drain();

    // The page's bytes changed (markup only) and it is read with the newer rules.
    send(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, banner).replace("<h1>", "<h1 class=\"t\">"),
        T0.plus(Duration.ofDays(10)));

    assertThat(drain()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.TECHNICAL_UPGRADE);
      assertThat(c.previousCapturedAt()).isEqualTo(T0);
      assertThat(c.capturedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
      assertThat(c.removed()).containsExactly("Subscribe to our newsletter today.");
    });
  }

  @Test
  void shouldCallARulesChangeWithANewLayoutAnUnverifiedUpgradeUnlessItIsHighSeverity() {
    // Old layout: the policy sits in <article class="legacy">; the new layout uses <main>, the rules follow it,
    // and neither page reads right with the other's rules.
    DocumentDeclaration oldRules = new DocumentDeclaration(KEY.document(), URL, List.of(Selector.css("article")),
        List.of(), List.of(), null, null);
    DocumentDeclaration newRules = new DocumentDeclaration(KEY.document(), URL, List.of(Selector.css("main")),
        List.of(Selector.css(".legacy"), Selector.css(".toc")), List.of(), null, null);
    Instant switchAt = T0.plus(Duration.ofDays(5));
    track(newRules, new DatedDeclaration(switchAt.minusNanos(1), oldRules));
    String body = "<p>" + String.join("</p><p>", UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS) + "</p>";
    send("<html><body><article class=\"legacy\"><ul><li>Contents</li></ul>" + body + "</article></body></html>", T0);
    drain();

    send("<html><body><p>Cookie settings</p><main><ul class=\"toc\"><li>Contents</li></ul>" + body
        + "</main></body></html>", T0.plus(Duration.ofDays(10)));
    send("<html><body><p>Cookie settings</p><main>" + body.replace(NO_SALE, "We may sell your personal information.")
        + "</main></body></html>", T0.plus(Duration.ofDays(20)));

    List<Change> emitted = drain();
    assertThat(emitted).extracting(Change::kind)
        .containsExactly(ChangeKind.TECHNICAL_UPGRADE, ChangeKind.CHANGED);
    assertThat(emitted.get(0).flags()).containsExactly(ChangeFlag.UNVERIFIED);
    assertThat(emitted.get(0).removed()).singleElement().asString().endsWith("Contents");
    assertThat(emitted.get(1).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void shouldEmitOnlyTechnicalUpgradesWhenReprocessingKnownSnapshots() {
    String withBanner = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS,
        "<p class=\"banner\">Subscribe to our newsletter today.</p>");
    Snapshot first = snapshot(withBanner, T0);
    Snapshot second = snapshot(withBanner.replace(LOGS, "We keep server logs for 90 days."), T0.plusSeconds(3600));
    snapshots.pipeInput(KEY.toString(), first);
    snapshots.pipeInput(KEY.toString(), second);
    drain();
    versions.readValuesToList();

    // Unchanged rules: re-deriving changes nothing.
    reprocess.pipeInput(KEY.toString(), first);
    reprocess.pipeInput(KEY.toString(), second);
    assertThat(changes.isEmpty()).isTrue();

    track(new DocumentDeclaration(KEY.document(), URL, List.of(), List.of(Selector.css(".banner")), List.of(), null,
        null));
    reprocess.pipeInput(KEY.toString(), first);
    reprocess.pipeInput(KEY.toString(), second);
    reprocess.pipeInput(KEY.toString(), snapshot(page("An unknown capture."), T0.plusSeconds(60)));

    List<Change> emitted = drain();
    assertThat(emitted).extracting(Change::kind)
        .containsExactly(ChangeKind.TECHNICAL_UPGRADE, ChangeKind.TECHNICAL_UPGRADE);
    assertThat(emitted).extracting(Change::capturedAt).containsExactly(T0, T0.plusSeconds(3600));
    assertThat(emitted).allSatisfy(c -> assertThat(c.removed()).containsExactly("Subscribe to our newsletter today."));
    assertThat(versions.readValue().text()).doesNotContain("Subscribe").contains("90 days");
    assertThat(latest().text()).doesNotContain("Subscribe");

    // Reprocessing again with the same rules is idempotent.
    reprocess.pipeInput(KEY.toString(), first);
    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void shouldTurnASnapshotWrittenAsJsonBeforeTheBinaryFormIntoAVersionAndDiffTheNextOneWithIt() {
    TestInputTopic<String, Snapshot> legacy = harness.driver().createInputTopic(Topics.SNAPSHOTS.name(),
        Topics.SNAPSHOTS.keySerde().serializer(), new JsonSerde<>(Snapshot.class).serializer());
    legacy.pipeInput(KEY.toString(), snapshot(original(), T0));
    assertThat(versions.readValue().text()).contains(NO_SALE);
    assertThat(drain()).extracting(Change::kind).containsExactly(ChangeKind.FIRST);

    Snapshot binary = snapshot(original().replace(LOGS, "We keep server logs for 90 days."), T0.plusSeconds(60));
    send(new String(binary.body(), StandardCharsets.UTF_8), binary.capturedAt());

    assertThat(drain()).singleElement().extracting(c -> Markers.of(c.modified().get(0).segments()))
        .isEqualTo("We keep server logs for [-30-]{+90+} days.");
    KeyValueStore<String, Snapshot> latestSnapshots = harness.store(PolicyTopology.LATEST_SNAPSHOT_STORE);
    assertThat(latestSnapshots.get(KEY.toString())).isEqualTo(binary);
  }

  @Test
  void shouldSurviveAHugeSentenceWithoutPunctuation() {
    // 950,000 characters in one sentence: just under the 1,000,000 a version may have (a longer text is an
    // extraction failure, HostileInputTopologyTest), still far past what a line-by-line Myers diff survives.
    String huge = "word ".repeat(190_000);
    send(page(UPDATED, COLLECT, huge), T0);
    send(page(UPDATED, COLLECT, huge.replace("word word", "word term")), T0.plusSeconds(60));
    send(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS), T0.plusSeconds(120));

    List<Change> emitted = drain();
    assertThat(emitted).extracting(Change::kind).startsWith(ChangeKind.FIRST, ChangeKind.CHANGED);
    assertThat(emitted).hasSize(3);
  }

  @Test
  void shouldReportTheSameBrokenSnapshotOnlyOnce() {
    send(original(), T0);
    drain();

    send("<html><body></body></html>", T0.plus(Duration.ofHours(1)));
    send("<html><body></body></html>", T0.plus(Duration.ofHours(2)));

    assertThat(drain()).extracting(Change::kind).containsExactly(ChangeKind.EXTRACTION_FAILED);
  }

  @Test
  void shouldHoldSnapshotsOfAnUnknownDocumentUntilItsTargetArrivesAndReadThemWithItsRules() {
    PolicyKey terms = new PolicyKey("acme", "terms");
    String withBanner = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS,
        "<p class=\"banner\">Subscribe to our newsletter today.</p>");
    Snapshot first = new Snapshot(terms.vendor(), terms.document(), URL, SnapshotSource.LIVE, T0, T0, 200,
        "text/html", "UTF-8", null, withBanner.getBytes(StandardCharsets.UTF_8));
    Snapshot second = new Snapshot(terms.vendor(), terms.document(), URL, SnapshotSource.LIVE, T0.plusSeconds(60),
        T0.plusSeconds(60), 200, "text/html", "UTF-8", null,
        withBanner.replace(LOGS, "We keep server logs for 90 days.").getBytes(StandardCharsets.UTF_8));
    snapshots.pipeInput(terms.toString(), first);
    snapshots.pipeInput(terms.toString(), second);
    harness.advanceWallClockTime(Duration.ofSeconds(5));
    // The tracked document still flows while the other one waits.
    send(original(), T0);
    assertThat(drain()).extracting(Change::key).containsExactly(KEY.toString());

    targets.pipeInput(terms.toString(), new Target(terms.vendor(), null, new DocumentDeclaration(terms.document(),
        URL, List.of(), List.of(Selector.css(".banner")), List.of(), null, null), Duration.ofHours(6)));
    harness.advanceWallClockTime(SnapshotGate.CHECK_EVERY);

    List<Change> released = drain();
    assertThat(released).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED);
    assertThat(released.get(1).modified()).singleElement().extracting(m -> Markers.of(m.segments()))
        .isEqualTo("We keep server logs for [-30-]{+90+} days.");
    KeyValueStore<String, Version> latest = harness.store(PolicyTopology.LATEST_VERSION_STORE);
    assertThat(latest.get(terms.toString()).text()).doesNotContain("Subscribe");
  }

  @Test
  void shouldReadASnapshotWithGenericExtractionWhenItsTargetNeverArrives() {
    PolicyKey untracked = new PolicyKey("acme", "cookies");
    snapshots.pipeInput(untracked.toString(), new Snapshot(untracked.vendor(), untracked.document(), URL,
        SnapshotSource.IMPORT, T0, T0, 200, "text/html", "UTF-8", null, original().getBytes(StandardCharsets.UTF_8)));
    harness.advanceWallClockTime(DetectionSettings.DEFAULT_TARGET_WAIT.minusSeconds(2));
    send(original(), T0);
    assertThat(drain()).extracting(Change::key).containsExactly(KEY.toString());

    harness.advanceWallClockTime(Duration.ofSeconds(3));

    assertThat(drain()).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(untracked.toString());
      assertThat(c.kind()).isEqualTo(ChangeKind.FIRST);
    });
  }

  @Test
  void shouldStopKnowingARemovedTarget() {
    KeyValueStore<String, ?> store = harness.store(PolicyTopology.TARGETS_STORE);
    assertThat(store.get(KEY.toString())).isNotNull();

    targets.pipeInput(KEY.toString(), null);

    assertThat(store.get(KEY.toString())).isNull();
  }

  @Test
  void shouldReportAMovedParagraphAsMoved() {
    send(original(), T0);
    drain();

    send(page(UPDATED, COOKIES, NO_SALE, DELETE, LOGS, COLLECT), T0.plus(Duration.ofDays(1)));

    Change c = changes.readValue();
    assertThat(c.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(c.moved()).containsExactly(COLLECT);
    assertThat(c.added()).isEmpty();
    assertThat(c.removed()).isEmpty();
    assertThat(c.severity()).isEqualTo(Severity.LOW);
  }
}
