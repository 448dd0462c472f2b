package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DatedDeclaration;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRule;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Version;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.classify.ClassificationRules;
import dev.policymonitor.streams.diff.TextDiff;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every decision path of change detection, on plain values: no Kafka, no stores. */
class ChangeDetectionTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final String UPDATED = "Last updated: January 5, 2024";
  private static final String COLLECT = "We collect your name and email address when you create an account.";
  private static final String COOKIES = "We use cookies to remember your preferences.";
  private static final String NO_SALE = "We do not sell your personal information.";
  private static final String DELETE = "You can ask us to delete your account at any time.";
  private static final String LOGS = "We keep server logs for 30 days.";
  private static final String BANNER = "<p class=\"banner\">Subscribe to our newsletter today.</p>";
  private static final Target GENERIC = target(DocumentDeclaration.of(KEY.document(), URL));
  private static final Target NO_BANNER = target(new DocumentDeclaration(KEY.document(), URL, List.of(),
      List.of(Selector.css(".banner")), List.of(), null, null));

  private final Normalizer normalizer = new Normalizer();
  private final ChangeDetection detection = detection("3");
  private final MemoryState state = new MemoryState();

  private ChangeDetection detection(String normalizerVersion) {
    return new ChangeDetection(extractor(normalizerVersion), new ChangeFactory(new VersionDiffer(),
        new ChangeClassifier(ClassificationRules.bundled()), Clock.fixed(T0, ZoneOffset.UTC)),
        DetectionSettings.defaults());
  }

  private ChangeDetection.Extractor extractor(String version) {
    return new ChangeDetection.Extractor() {
      @Override
      public String version() {
        return version;
      }

      @Override
      public String text(Snapshot snapshot, DocumentDeclaration declaration) {
        return normalizer.extract(snapshot, declaration).text();
      }
    };
  }

  private static Target target(DocumentDeclaration rules, DatedDeclaration... history) {
    return new Target(KEY.vendor(), null, rules, Duration.ofHours(6), List.of(history), null);
  }

  private static String page(String... paragraphs) {
    StringBuilder html = new StringBuilder("<html><body><h1>Privacy Policy</h1>");
    for (String p : paragraphs) {
      html.append(p.startsWith("<") ? p : "<p>" + p + "</p>");
    }
    return html.append("</body></html>").toString();
  }

  private static String original() {
    return page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS);
  }

  private static Snapshot snapshot(String html, Instant at) {
    return new Snapshot(KEY.vendor(), KEY.document(), URL, SnapshotSource.LIVE, at, at, 200, "text/html", "UTF-8",
        null, html.getBytes(StandardCharsets.UTF_8));
  }

  private Detection live(String html, Instant at) {
    return state.apply(detection.detect(state, Capture.of(snapshot(html, at), GENERIC)));
  }

  @Test
  void shouldCallTheFirstGoodVersionFirstAndKeepIt() {
    Detection d = live(original(), T0);

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.First.class,
        f -> assertThat(f.change().kind()).isEqualTo(ChangeKind.FIRST));
    assertThat(d.outcome().counted()).contains(VersionResult.FIRST);
    assertThat(d.outputs()).extracting(o -> o.getClass().getSimpleName()).containsExactly("NewVersion", "NewChange");
    assertThat(state.latest.text()).contains(NO_SALE);
    assertThat(state.history.versions()).singleElement().extracting(VersionEntry::changeId)
        .isEqualTo(d.changes().get(0).changeId());
    assertThat(state.texts).containsValue(state.latest.text());
  }

  @Test
  void shouldDecideNothingForTheSameBytesOrTheSameTextAndWriteNothing() {
    live(original(), T0);

    Detection sameBytes = live(original(), T0.plusSeconds(60));
    Detection sameText = live(original().replace("<body>", "<body><script>var t=1;</script>"), T0.plusSeconds(120));

    for (Detection d : List.of(sameBytes, sameText)) {
      assertThat(d.outcome()).isInstanceOf(Outcome.Nothing.class);
      assertThat(d.outcome().counted()).contains(VersionResult.UNCHANGED);
      assertThat(d.outputs()).isEmpty();
      assertThat(d.update().isEmpty()).isTrue();
    }
  }

  @Test
  void shouldCallAnEditChangedAndFlagItUndisclosedWhenThePolicyDateStayed() {
    live(original(), T0);

    Detection d = live(page(UPDATED, COLLECT, COOKIES, "We may sell your personal information.", DELETE, LOGS),
        T0.plus(Duration.ofDays(1)));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c -> {
      assertThat(c.change().severity()).isEqualTo(Severity.HIGH);
      assertThat(c.change().flags()).containsExactly(ChangeFlag.UNDISCLOSED);
      assertThat(c.change().previousCapturedAt()).isEqualTo(T0);
    });
    assertThat(state.latest.capturedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void shouldCallCaseAndPunctuationEditsCosmetic() {
    live(original(), T0);

    Detection d = live(page(UPDATED, COLLECT.toUpperCase(), COOKIES.replace(".", "!"), NO_SALE, DELETE, LOGS),
        T0.plus(Duration.ofDays(1)));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.Cosmetic.class,
        c -> assertThat(c.change().severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void shouldRecordAChangeOfOnlyIgnoredSentencesAsIgnoredCosmeticAndAlertTheNextRealEdit() {
    Target ignoring = target(new DocumentDeclaration(KEY.document(), URL, List.of(), List.of(), List.of(), null, null,
        null, List.of(IgnoreRule.text("last reviewed by"), IgnoreRule.regex("visited [0-9,]+ times"))));
    state.apply(detection.detect(state, Capture.of(snapshot(page(COLLECT, NO_SALE, "Last reviewed by Alice.",
        "This page was visited 1,234 times."), T0), ignoring)));

    Detection rotated = state.apply(detection.detect(state, Capture.of(snapshot(page(COLLECT, NO_SALE,
        "Last reviewed by Bob.", "This page was visited 1,240 times."), T0.plus(Duration.ofDays(1))), ignoring)));
    Detection real = state.apply(detection.detect(state, Capture.of(snapshot(page(COLLECT,
        "We may sell your personal information.", "Last reviewed by Carol.", "This page was visited 1,300 times."),
        T0.plus(Duration.ofDays(2))), ignoring)));

    assertThat(rotated.outcome()).isInstanceOfSatisfying(Outcome.Cosmetic.class, c -> {
      assertThat(c.change().kind()).isEqualTo(ChangeKind.COSMETIC);
      assertThat(c.change().flags()).containsExactly(ChangeFlag.IGNORED);
      assertThat(c.change().severity()).isEqualTo(Severity.LOW);
      assertThat(c.change().modified()).hasSize(2);
      assertThat(c.change().reasons()).singleElement().asString().startsWith("ignored: ")
          .contains("\"last reviewed by\"", "/visited [0-9,]+ times/");
    });
    assertThat(rotated.outputs()).as("the ignored change is recorded: a new version and its change event")
        .extracting(o -> o.getClass().getSimpleName()).containsExactly("NewVersion", "NewChange");
    assertThat(real.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c -> {
      assertThat(c.change().severity()).isEqualTo(Severity.HIGH);
      assertThat(c.change().flags()).doesNotContain(ChangeFlag.IGNORED);
    });
    assertThat(live(page(COLLECT, NO_SALE, "Last reviewed by Dan."), T0.plus(Duration.ofDays(3))).outcome())
        .as("without ignore rules the same kind of edit is a change").isInstanceOf(Outcome.Changed.class);
  }

  @Test
  void shouldCallAReturnInsideTheRevertWindowRevertedAndAfterItChanged() {
    live(original(), T0);
    Change undone = live(page(UPDATED, COLLECT, COOKIES, DELETE, LOGS), T0.plus(Duration.ofDays(1))).changes().get(0);

    Detection back = live(original(), T0.plus(Duration.ofDays(3)));

    assertThat(back.outcome()).isInstanceOfSatisfying(Outcome.Reverted.class, r -> {
      assertThat(r.change().flags()).containsExactly(ChangeFlag.REVERTED);
      assertThat(r.change().reasons()).singleElement().asString().contains(undone.changeId()).contains("2 days");
    });
    live(page(UPDATED, COLLECT, COOKIES, DELETE, LOGS), T0.plus(Duration.ofDays(4)));
    assertThat(live(original(), T0.plus(Duration.ofDays(12))).outcome()).isInstanceOf(Outcome.Changed.class);
  }

  @Test
  void shouldPlaceALateOlderCaptureInHistoryAgainstBothNeighboursWithoutTouchingTheLatestVersion() {
    live(page(UPDATED, COLLECT, COOKIES, NO_SALE, LOGS), T0);
    live(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, "We use Stripe to process payments."),
        T0.plus(Duration.ofDays(30)));
    Version latest = state.latest;

    Detection d = live(original(), T0.plus(Duration.ofDays(10)));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.Historical.class, h -> {
      assertThat(h.changes()).extracting(Change::kind).containsExactly(ChangeKind.HISTORICAL, ChangeKind.HISTORICAL);
      assertThat(h.changes()).allSatisfy(c -> assertThat(c.flags()).contains(ChangeFlag.HISTORICAL));
      assertThat(h.changes().get(0).added()).containsExactly(DELETE);
      assertThat(h.changes().get(1).added()).containsExactly("We use Stripe to process payments.");
    });
    assertThat(d.outputs()).allMatch(o -> o instanceof Detected.NewChange);
    assertThat(state.latest).isSameAs(latest);
    assertThat(state.history.versions()).hasSize(3);
    assertThat(live(original(), T0.plus(Duration.ofDays(10))).outcome()).isInstanceOf(Outcome.Nothing.class);
  }

  @Test
  void shouldReportBrokenExtractionsOnceAndCompareTheNextGoodCaptureWithTheLastGoodVersion() {
    live(original(), T0);

    Detection empty = live("<html><body></body></html>", T0.plus(Duration.ofHours(1)));
    Detection again = live("<html><body></body></html>", T0.plus(Duration.ofHours(2)));
    Detection shell = live(page("Please enable JavaScript to view this page."), T0.plus(Duration.ofHours(3)));
    Detection shrunk = live(page(UPDATED, COLLECT), T0.plus(Duration.ofHours(4)));
    Detection next = live(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, "We use Stripe."),
        T0.plus(Duration.ofHours(5)));

    assertThat(List.of(empty, shell, shrunk)).allSatisfy(d -> {
      assertThat(d.outcome()).isInstanceOf(Outcome.ExtractionFailed.class);
      assertThat(d.outcome().counted()).contains(VersionResult.FAILED);
      assertThat(d.update().latest()).isNull();
    });
    assertThat(empty.changes().get(0).reasons()).singleElement().asString().contains("no text extracted");
    assertThat(shell.changes().get(0).reasons()).singleElement().asString().contains("JavaScript shell");
    assertThat(shrunk.changes().get(0).reasons()).singleElement().asString().contains("shrank");
    assertThat(again.outcome()).isEqualTo(new Outcome.Nothing("the bytes that failed last time",
        VersionResult.FAILED));
    assertThat(next.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c -> {
      assertThat(c.change().previousCapturedAt()).isEqualTo(T0);
      assertThat(c.change().added()).containsExactly("We use Stripe.");
    });
  }

  @Test
  void shouldNeverThrowForAPathologicalSnapshotAndWriteNothingForIt() {
    live(original(), T0);
    ChangeDetection.Extractor exploding = new ChangeDetection.Extractor() {
      @Override
      public String version() {
        return "3";
      }

      @Override
      public String text(Snapshot snapshot, DocumentDeclaration declaration) {
        throw new StackOverflowError("deeply nested markup");
      }
    };
    ChangeDetection fragile = new ChangeDetection(exploding, new ChangeFactory(new VersionDiffer(),
        new ChangeClassifier(ClassificationRules.bundled()), Clock.systemUTC()), DetectionSettings.defaults());

    Detection d = fragile.detect(state, Capture.of(snapshot(page("<div>".repeat(10) + "x"), T0.plusSeconds(60)),
        GENERIC));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.ExtractionFailed.class, f -> assertThat(
        f.change().reasons()).singleElement().asString()
        .startsWith("extraction failed: cannot process the snapshot: java.lang.StackOverflowError"));
    assertThat(d.update()).isEqualTo(StateUpdate.NONE);
    // The same capture, read by a working normalizer, is judged normally afterwards.
    assertThat(live(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, "More."), T0.plusSeconds(120)).outcome())
        .isInstanceOf(Outcome.Changed.class);
  }

  @Test
  void shouldSayWhyTheNormalizerRejectedASnapshot() {
    Detection d = state.apply(detection.detect(state, Capture.of(new Snapshot(KEY.vendor(), KEY.document(), URL,
        SnapshotSource.LIVE, T0, T0, 200, "text/html", null, null, new byte[0]), GENERIC)));

    assertThat(d.changes()).singleElement().extracting(Change::reasons).asList()
        .containsExactly("extraction failed: cannot normalize: empty body: the snapshot has no bytes");
    assertThat(state.history.lastFailedDigest()).isNotNull();
  }

  @Test
  void shouldCallANewRuleThatOnlyDropsABannerATechnicalUpgradeAndCompareLaterEditsWithTheRereadText() {
    String withBanner = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, BANNER);
    live(withBanner, T0);

    Detection upgrade = state.apply(detection.detect(state, Capture.of(snapshot(withBanner,
        T0.plus(Duration.ofDays(1))), NO_BANNER)));
    Detection edit = state.apply(detection.detect(state, Capture.of(snapshot(withBanner.replace(LOGS,
        "We keep server logs for 90 days."), T0.plus(Duration.ofDays(2))), NO_BANNER)));

    assertThat(upgrade.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class, u -> {
      assertThat(u.change().removed()).containsExactly("Subscribe to our newsletter today.");
      assertThat(u.counted()).contains(VersionResult.CHANGED);
    });
    assertThat(edit.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c -> {
      assertThat(c.change().modified()).hasSize(1);
      assertThat(c.change().removed()).isEmpty();
    });
  }

  @Test
  void shouldRecordANewNormalizerSilentlyWhenItReadsTheSameTextAndAsATechnicalUpgradeWhenNot() {
    live(original(), T0);

    Detection same = detection("4").detect(state, Capture.of(snapshot(original(), T0.plusSeconds(60)), GENERIC));

    assertThat(same.outcome()).isInstanceOf(Outcome.Nothing.class);
    assertThat(same.update().latest().normalizerVersion()).isEqualTo("4");
    assertThat(same.outputs()).isEmpty();

    ChangeDetection.Extractor withFootnote = new ChangeDetection.Extractor() {
      @Override
      public String version() {
        return "5";
      }

      @Override
      public String text(Snapshot snapshot, DocumentDeclaration declaration) {
        return normalizer.extract(snapshot, declaration).text() + "\n\nA footnote the new normalizer keeps.";
      }
    };
    ChangeDetection upgraded = new ChangeDetection(withFootnote, new ChangeFactory(new VersionDiffer(),
        new ChangeClassifier(ClassificationRules.bundled()), Clock.systemUTC()), DetectionSettings.defaults());
    Detection moved = upgraded.detect(state, Capture.of(snapshot(original(), T0.plusSeconds(120)), GENERIC));

    assertThat(moved.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class, u -> {
      assertThat(u.change().added()).containsExactly("A footnote the new normalizer keeps.");
      assertThat(u.change().reasons()).containsExactly("technical upgrade: normalizer 3 -> 5");
    });
  }

  @Test
  void shouldReadEachCaptureWithTheRulesOfItsTimeAndCallTheSwitchOneTechnicalUpgrade() {
    Target byTime = target(NO_BANNER.declaration(), new DatedDeclaration(T0.plus(Duration.ofDays(5)),
        GENERIC.declaration()));
    String withBanner = page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, BANNER);
    state.apply(detection.detect(state, Capture.of(snapshot(withBanner, T0), byTime)));

    Detection d = state.apply(detection.detect(state, Capture.of(snapshot(withBanner.replace("<h1>", "<h1 id=t>"),
        T0.plus(Duration.ofDays(10))), byTime)));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class,
        u -> assertThat(u.change().removed()).containsExactly("Subscribe to our newsletter today."));
    assertThat(d.changes()).hasSize(1);
  }

  @Test
  void shouldCallARulesChangeWithANewLayoutUnverifiedUnlessItIsHighSeverity() {
    DocumentDeclaration oldRules = new DocumentDeclaration(KEY.document(), URL, List.of(Selector.css("article")),
        List.of(), List.of(), null, null);
    DocumentDeclaration newRules = new DocumentDeclaration(KEY.document(), URL, List.of(Selector.css("main")),
        List.of(Selector.css(".legacy"), Selector.css(".toc")), List.of(), null, null);
    Target rules = target(newRules, new DatedDeclaration(T0.plus(Duration.ofDays(5)), oldRules));
    String body = "<p>" + String.join("</p><p>", UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS) + "</p>";
    state.apply(detection.detect(state, Capture.of(snapshot("<html><body><article class=\"legacy\"><ul><li>Contents"
        + "</li></ul>" + body + "</article></body></html>", T0), rules)));

    Detection layout = state.apply(detection.detect(state, Capture.of(snapshot("<html><body><p>Cookie settings</p>"
        + "<main><ul class=\"toc\"><li>Contents</li></ul>" + body + "</main></body></html>",
        T0.plus(Duration.ofDays(10))), rules)));
    Detection sale = state.apply(detection.detect(state, Capture.of(snapshot("<html><body><p>Cookie settings</p>"
        + "<main>" + body.replace(NO_SALE, "We may sell your personal information.") + "</main></body></html>",
        T0.plus(Duration.ofDays(20))), rules)));

    assertThat(layout.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class,
        u -> assertThat(u.change().flags()).containsExactly(ChangeFlag.UNVERIFIED));
    assertThat(sale.outcome()).isInstanceOfSatisfying(Outcome.Changed.class,
        c -> assertThat(c.change().severity()).isEqualTo(Severity.HIGH));
  }

  @Test
  void shouldReprocessOnlyKnownSnapshotsIntoUncountedTechnicalUpgrades() {
    Snapshot first = snapshot(page(UPDATED, COLLECT, COOKIES, NO_SALE, DELETE, LOGS, BANNER), T0);
    state.apply(detection.detect(state, Capture.of(first, GENERIC)));

    Detection sameRules = state.apply(detection.detect(state, new Capture(first, GENERIC, true)));
    Detection newRules = state.apply(detection.detect(state, new Capture(first, NO_BANNER, true)));
    Detection unknown = state.apply(detection.detect(state, new Capture(snapshot(page("Unknown."), T0.plusSeconds(9)),
        NO_BANNER, true)));

    assertThat(sameRules.outcome()).isInstanceOf(Outcome.Nothing.class);
    assertThat(sameRules.outcome().counted()).isEmpty();
    assertThat(newRules.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class, u -> {
      assertThat(u.reprocessed()).isTrue();
      assertThat(u.counted()).isEmpty();
      assertThat(u.change().capturedAt()).isEqualTo(T0);
    });
    assertThat(newRules.outputs()).extracting(o -> o.getClass().getSimpleName())
        .containsExactly("NewVersion", "NewChange");
    assertThat(state.latest.text()).doesNotContain("Subscribe");
    assertThat(unknown.outcome()).isInstanceOf(Outcome.Nothing.class);
    assertThat(unknown.outputs()).isEmpty();
  }

  @Test
  void shouldReadACaptureOfAnUnknownDocumentWithGenericExtraction() {
    Detection d = state.apply(detection.detect(state, Capture.of(snapshot(original(), T0), null)));

    assertThat(d.outcome()).isInstanceOf(Outcome.First.class);
    assertThat(state.latest.declarationDigest()).isEqualTo(GENERIC.declaration().rulesDigest());
  }

  @Test
  void shouldCarryTheLanguageOfTheExtractionAndSplitSentencesByItsRules() {
    ChangeDetection production = new ChangeDetection(ChangeDetection.Extractor.of(normalizer), new ChangeFactory(
        new VersionDiffer(), new ChangeClassifier(ClassificationRules.bundled()), Clock.fixed(T0, ZoneOffset.UTC)),
        DetectionSettings.defaults());
    // "M." ends a sentence in English; French (and a text of unknown language) keeps it inside ("M. Dupont").
    String before = "<html lang=\"en\"><body><h1>Privacy Policy</h1><p>Our retention plans are listed in Annex M. "
        + "We never sell your personal data to anyone.</p></body></html>";
    String after = before.replace("We never sell", "We may sell");

    state.apply(production.detect(state, Capture.of(snapshot(before, T0), GENERIC)));
    Detection d = state.apply(production.detect(state, Capture.of(snapshot(after, T0.plusSeconds(60)), GENERIC)));

    assertThat(state.latest.language()).isEqualTo("en");
    assertThat(d.changes()).singleElement().satisfies(c -> {
      assertThat(c.language()).isEqualTo("en");
      assertThat(c.modified()).singleElement().satisfies(m -> {
        assertThat(m.before()).isEqualTo("We never sell your personal data to anyone.");
        assertThat(m.after()).isEqualTo("We may sell your personal data to anyone.");
      });
    });
    TextDiff unknown = new VersionDiffer().diff(new Normalizer().extract(snapshot(before, T0),
        GENERIC.declaration()).text(), state.latest.text());
    assertThat(unknown.modified()).singleElement().satisfies(m ->
        assertThat(m.before()).startsWith("Our retention plans are listed in Annex M. We never sell"));
  }
}
