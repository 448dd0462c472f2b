package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Rewrite;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import dev.policymonitor.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Baseline recovery after {@code extraction-failed} (docs/detection.md): a much shorter text that persists becomes
 * the new baseline as a major rewrite; a one-off broken capture never moves the baseline.
 */
class BaselineRecoveryTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Target GENERIC = new Target(KEY.vendor(), null, DocumentDeclaration.of(KEY.document(), URL),
      Duration.ofHours(6));
  private static final List<String> KEPT = List.of(
      "We collect your name and email address when you create an account.",
      "We use cookies to remember your preferences and to keep you signed in.",
      "We do not sell your personal information to anyone.");
  private static final List<String> CUT = List.of(
      "We share your purchase history with our payment processor to complete each order.",
      "We keep server logs for 30 days and then delete them.",
      "You can ask us to delete your account at any time by writing to privacy@acme.example.",
      "Our support staff can read your messages to answer your questions.",
      "We transfer data to our offices in the United States under standard contractual clauses.",
      "Children under 13 may not create an account.",
      "We notify you by email before any material change to this policy takes effect.");

  private final MutableClock clock = new MutableClock(T0);
  private final ChangeDetection detection = new ChangeDetection(ChangeDetection.Extractor.of(new Normalizer()),
      new ChangeFactory(new VersionDiffer(), new ChangeClassifier(), clock), DetectionSettings.defaults());
  private final MemoryState state = new MemoryState();

  private static String page(List<String> paragraphs, String... more) {
    StringBuilder html = new StringBuilder("<html lang=\"en\"><body><h1>Privacy Policy</h1>");
    List<String> all = new ArrayList<>(paragraphs);
    all.addAll(List.of(more));
    all.forEach(p -> html.append("<p>").append(p).append("</p>"));
    return html.append("</body></html>").toString();
  }

  private static String full() {
    List<String> all = new ArrayList<>(KEPT);
    all.addAll(CUT);
    return page(all);
  }

  private static String halved(String... more) {
    return page(KEPT, more);
  }

  private Detection capture(String html, Instant at, SnapshotSource source) {
    clock.set(at.plusSeconds(5));
    Snapshot s = new Snapshot(KEY.vendor(), KEY.document(), URL, source, at, at, 200, "text/html", "UTF-8", null,
        html.getBytes(StandardCharsets.UTF_8));
    return state.apply(detection.detect(state, Capture.of(s, GENERIC)));
  }

  private Detection live(String html, Instant at) {
    return capture(html, at, SnapshotSource.LIVE);
  }

  @Test
  void shouldAcceptAShorterTextSeenAgainADayLaterAsAMajorRewriteDatedAtItsFirstCapture() {
    live(full(), T0);
    Instant firstHalved = T0.plus(Duration.ofDays(30));

    Detection first = live(halved(), firstHalved);
    Detection sameDay = live(halved(), firstHalved.plus(Duration.ofHours(12)));
    Detection nextDay = live(halved() + "<!-- build 2 -->", firstHalved.plus(Duration.ofDays(1)));

    assertThat(first.outcome()).isInstanceOfSatisfying(Outcome.ExtractionFailed.class, f ->
        assertThat(f.change().reasons()).singleElement().asString().contains("shrank")
            .contains("if the document keeps this shape until " + firstHalved.plus(Duration.ofDays(1))));
    assertThat(sameDay.outcome()).isInstanceOf(Outcome.Nothing.class);
    assertThat(sameDay.outcome().counted()).contains(VersionResult.FAILED);
    assertThat(sameDay.outputs()).isEmpty();
    assertThat(nextDay.outcome()).isInstanceOf(Outcome.MajorRewrite.class);
    assertThat(nextDay.changes()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.CHANGED);
      assertThat(c.flags()).contains(ChangeFlag.MAJOR_REWRITE);
      assertThat(c.capturedAt()).isEqualTo(firstHalved);
      assertThat(c.previousCapturedAt()).isEqualTo(T0);
      assertThat(c.severity().atLeast(Severity.MEDIUM)).isTrue();
      // Diffed against the old baseline: readers see what went.
      assertThat(c.removed()).containsAll(CUT);
      assertThat(c.added()).isEmpty();
      Rewrite size = c.rewrite();
      assertThat(size.previousLength()).isGreaterThan(2 * size.length());
      assertThat(size.confirmedAt()).isEqualTo(firstHalved.plus(Duration.ofDays(1)));
      assertThat(c.reasons().get(0)).startsWith("major rewrite: the text went from " + size.previousLength()
          + " to " + size.length() + " characters (" + size.percent() + "%)").contains("3 captures");
      assertThat(c.language()).isEqualTo("en");
    });
    assertThat(state.latest.capturedAt()).isEqualTo(firstHalved);
    assertThat(state.latest.text()).doesNotContain(CUT.get(0));
    assertThat(state.history.pending()).isNull();
    assertThat(state.history.versions()).extracting(VersionEntry::capturedAt).containsExactly(T0, firstHalved);

    // The halved policy is now the baseline: an edit of it is an ordinary change against it.
    Detection edit = live(halved("We now keep backups for 90 days."), firstHalved.plus(Duration.ofDays(3)));
    assertThat(edit.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c -> {
      assertThat(c.change().previousCapturedAt()).isEqualTo(firstHalved);
      assertThat(c.change().added()).containsExactly("We now keep backups for 90 days.");
      assertThat(c.change().flags()).doesNotContain(ChangeFlag.MAJOR_REWRITE);
    });
  }

  @Test
  void shouldNeverMoveTheBaselineForAOneOffBrokenCapture() {
    live(full(), T0);
    Instant broken = T0.plus(Duration.ofDays(30));

    Detection shrunk = live(halved(), broken);
    Detection back = live(full() + "<!-- fixed -->", broken.plus(Duration.ofHours(6)));
    // The same short text two days later starts a new wait: the normal page came in between.
    Detection again = live(halved(), broken.plus(Duration.ofDays(2)));

    assertThat(shrunk.outcome()).isInstanceOf(Outcome.ExtractionFailed.class);
    assertThat(back.outcome()).isInstanceOf(Outcome.Nothing.class);
    assertThat(state.latest.capturedAt()).isEqualTo(T0);
    assertThat(again.outcome()).isInstanceOf(Outcome.ExtractionFailed.class);
    assertThat(again.changes()).singleElement().extracting(Change::kind).isEqualTo(ChangeKind.EXTRACTION_FAILED);
    assertThat(state.latest.capturedAt()).isEqualTo(T0);
    assertThat(state.history.pending().capturedAt()).isEqualTo(broken.plus(Duration.ofDays(2)));
  }

  @Test
  void shouldKeepTheTextOfAPendingShapeOnlyWhileItIsPending() {
    live(full(), T0);
    live(halved(), T0.plus(Duration.ofDays(1)));
    String pendingDigest = state.history.pending().textDigest();
    assertThat(state.texts).containsKey(pendingDigest);

    live(full() + "<!-- fixed -->", T0.plus(Duration.ofDays(1)).plusSeconds(60));

    assertThat(state.history.pending()).isNull();
    assertThat(state.texts).doesNotContainKey(pendingDigest);
  }

  @Test
  void shouldReplaceThePendingShapeByAnotherShortTextAndWaitAgain() {
    live(full(), T0);
    live(halved(), T0.plus(Duration.ofDays(1)));

    Detection other = live(page(List.of("Page not found. Try the search box above or go back to the home page.",
        "Popular: pricing, careers, blog, documentation and the status page of our services.")),
        T0.plus(Duration.ofDays(3)));

    assertThat(other.outcome()).isInstanceOf(Outcome.ExtractionFailed.class);
    assertThat(state.history.pending().capturedAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
    assertThat(state.latest.capturedAt()).isEqualTo(T0);
  }

  @Test
  void shouldAcceptAShapeThatKeptEvolvingAndReportTheLaterEditAsItsOwnChange() {
    live(full(), T0);
    Instant firstHalved = T0.plus(Duration.ofDays(30));
    live(halved(), firstHalved);

    Detection later = live(halved("You may opt out of marketing email at any time."),
        firstHalved.plus(Duration.ofDays(60)));

    assertThat(later.outcome()).isInstanceOfSatisfying(Outcome.MajorRewrite.class, r -> {
      assertThat(r.changes()).extracting(Change::kind).containsExactly(ChangeKind.CHANGED, ChangeKind.CHANGED);
      assertThat(r.changes().get(0).flags()).contains(ChangeFlag.MAJOR_REWRITE);
      assertThat(r.changes().get(0).capturedAt()).isEqualTo(firstHalved);
      assertThat(r.changes().get(1).flags()).doesNotContain(ChangeFlag.MAJOR_REWRITE);
      assertThat(r.changes().get(1).previousCapturedAt()).isEqualTo(firstHalved);
      assertThat(r.changes().get(1).added()).containsExactly("You may opt out of marketing email at any time.");
    });
    assertThat(state.latest.capturedAt()).isEqualTo(firstHalved.plus(Duration.ofDays(60)));
    assertThat(state.history.versions()).hasSize(3);
  }

  @Test
  void shouldNeverAcceptAnEmptyOrShellPageHoweverLongItLasts() {
    live(full(), T0);

    Detection empty = live("<html><body></body></html>", T0.plus(Duration.ofDays(1)));
    Detection weekLater = live("<html><body><div></div></body></html>", T0.plus(Duration.ofDays(8)));
    clock.set(T0.plus(Duration.ofDays(30)));

    assertThat(List.of(empty, weekLater)).allSatisfy(d ->
        assertThat(d.outcome()).isInstanceOf(Outcome.ExtractionFailed.class));
    assertThat(state.history.pending()).isNull();
    assertThat(detection.confirmPending(state)).isEmpty();
    assertThat(state.latest.capturedAt()).isEqualTo(T0);
  }

  @Test
  void shouldAcceptALivePagesShapeByTimeAloneWhenItsBytesNeverChangeAgain() {
    live(full(), T0);
    Instant halvedAt = T0.plus(Duration.ofDays(30));
    live(halved(), halvedAt);

    clock.set(halvedAt.plus(Duration.ofHours(23)));
    assertThat(detection.confirmPending(state)).isEmpty();
    clock.set(halvedAt.plus(Duration.ofDays(1)).plusSeconds(5));
    Detection confirmed = state.apply(detection.confirmPending(state).orElseThrow());

    assertThat(confirmed.outcome()).isInstanceOfSatisfying(Outcome.MajorRewrite.class, r -> {
      assertThat(r.timed()).isTrue();
      assertThat(r.counted()).isEmpty();
    });
    assertThat(confirmed.changes()).singleElement().satisfies(c -> {
      assertThat(c.flags()).contains(ChangeFlag.MAJOR_REWRITE);
      assertThat(c.capturedAt()).isEqualTo(halvedAt);
      assertThat(c.rewrite().confirmedAt()).isEqualTo(halvedAt.plus(Duration.ofDays(1)).plusSeconds(5));
      assertThat(c.reasons().get(0)).contains("1 capture");
    });
    assertThat(state.latest.capturedAt()).isEqualTo(halvedAt);
    assertThat(detection.confirmPending(state)).isEmpty();
    // The same bytes again are the latest version's bytes now.
    assertThat(live(halved(), halvedAt.plus(Duration.ofDays(2))).outcome()).isInstanceOf(Outcome.Nothing.class);
  }

  @Test
  void shouldWaitForALaterCaptureBeforeAcceptingAWaybackShape() {
    capture(full(), T0, SnapshotSource.WAYBACK);
    capture(halved(), T0.plus(Duration.ofDays(30)), SnapshotSource.WAYBACK);

    clock.set(T0.plus(Duration.ofDays(400)));

    assertThat(detection.confirmPending(state)).isEmpty();
    assertThat(state.history.pending()).isNotNull();
    Detection confirmed = capture(halved(), T0.plus(Duration.ofDays(90)), SnapshotSource.WAYBACK);
    assertThat(confirmed.changes()).singleElement().satisfies(c ->
        assertThat(c.flags()).contains(ChangeFlag.MAJOR_REWRITE));
  }
}
