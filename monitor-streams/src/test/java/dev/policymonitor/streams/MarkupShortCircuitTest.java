package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.classify.ClassificationRules;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A page whose HTML changed where extraction never reads is known by its markup digest: no extraction, no state
 * written. Anything extraction reads still goes the whole way.
 */
class MarkupShortCircuitTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final Target GENERIC = target(DocumentDeclaration.of(KEY.document(), URL));
  private static final String POLICY = "<main><h1>Privacy Policy</h1><p>We collect your name and email address when "
      + "you create an account.</p><p>We use cookies to remember your preferences.</p><p>We do not sell your "
      + "personal information, and we keep server logs for 30 days.</p><p>You can ask us to delete your account at "
      + "any time.</p></main>";

  private final Normalizer normalizer = new Normalizer();
  private final AtomicInteger extractions = new AtomicInteger();
  private final ChangeDetection detection = new ChangeDetection(counting(ChangeDetection.Extractor.of(normalizer)),
      new ChangeFactory(new VersionDiffer(), new ChangeClassifier(ClassificationRules.bundled()),
          Clock.fixed(T0, ZoneOffset.UTC)), DetectionSettings.defaults());
  private final MemoryState state = new MemoryState();

  private static Target target(DocumentDeclaration rules) {
    return new Target(KEY.vendor(), null, rules, Duration.ofHours(6), List.of(), null);
  }

  /** The production extractor, counting the texts it extracts. */
  private ChangeDetection.Extractor counting(ChangeDetection.Extractor production) {
    return new ChangeDetection.Extractor() {
      @Override
      public String version() {
        return production.version();
      }

      @Override
      public String text(Snapshot snapshot, DocumentDeclaration declaration) throws Exception {
        return production.text(snapshot, declaration);
      }

      @Override
      public ChangeDetection.Reading reading(Snapshot snapshot) {
        ChangeDetection.Reading reading = production.reading(snapshot);
        return new ChangeDetection.Reading() {
          @Override
          public java.util.Optional<String> markupDigest(DocumentDeclaration declaration) {
            return reading.markupDigest(declaration);
          }

          @Override
          public dev.policymonitor.normalize.Extraction read(DocumentDeclaration declaration) throws Exception {
            extractions.incrementAndGet();
            return reading.read(declaration);
          }
        };
      }
    };
  }

  private static String page(int build, String body) {
    return "<html><head><script src=\"/app.js?v=" + build + "\"></script><link rel=stylesheet href=\"/site." + build
        + ".css\"></head><body class=\"jsx-" + build + "\"><!-- build " + build + " -->" + body + "</body></html>";
  }

  private Detection live(String html, Instant at, Target target) {
    Snapshot snapshot = new Snapshot(KEY.vendor(), KEY.document(), URL, SnapshotSource.LIVE, at, at, 200,
        "text/html", "UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
    return state.apply(detection.detect(state, Capture.of(snapshot, target)));
  }

  @Test
  void shouldKnowANoisyPageByItsMarkupWithoutExtractingItOrWritingState() {
    live(page(1, POLICY), T0, GENERIC);
    assertThat(state.latest.markupDigest()).startsWith("m1:");
    int before = extractions.get();

    Detection noisy = live(page(2, POLICY), T0.plusSeconds(60), GENERIC);

    assertThat(noisy.outcome()).isInstanceOfSatisfying(Outcome.Nothing.class,
        n -> assertThat(n.why()).contains("markup"));
    assertThat(noisy.outcome().counted()).contains(VersionResult.UNCHANGED);
    assertThat(noisy.outputs()).isEmpty();
    assertThat(noisy.update()).isEqualTo(StateUpdate.NONE);
    assertThat(extractions.get()).isEqualTo(before);
  }

  @Test
  void shouldStillExtractAndReportAPageWhoseWordsChangedWithTheNoise() {
    live(page(1, POLICY), T0, GENERIC);

    Detection edited = live(page(2, POLICY.replace("30 days", "90 days")), T0.plusSeconds(60), GENERIC);

    assertThat(edited.outcome()).isInstanceOf(Outcome.Changed.class);
    assertThat(edited.changes()).singleElement().extracting(c -> c.kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(state.latest.text()).contains("90 days");
  }

  @Test
  void shouldLearnTheMarkupOfAVersionKeptWithoutOneOnItsNextSameText() {
    live(page(1, POLICY), T0, GENERIC);
    state.latest = state.latest.withMarkupDigest(null); // as kept by an earlier release

    Detection sameText = live(page(2, POLICY), T0.plusSeconds(60), GENERIC);
    int before = extractions.get();
    Detection noisy = live(page(3, POLICY), T0.plusSeconds(120), GENERIC);

    assertThat(sameText.outcome()).isInstanceOfSatisfying(Outcome.Nothing.class,
        n -> assertThat(n.why()).isEqualTo("the same text"));
    assertThat(sameText.update().latest().markupDigest()).startsWith("m1:");
    assertThat(sameText.outputs()).isEmpty();
    assertThat(noisy.outcome()).isInstanceOfSatisfying(Outcome.Nothing.class,
        n -> assertThat(n.why()).contains("markup"));
    assertThat(extractions.get()).isEqualTo(before);
  }

  @Test
  void shouldExtractAgainWhenTheRulesChangedEvenIfTheMarkupDidNot() {
    live(page(1, POLICY.replace("</main>", "<p class=ad>Try our new app.</p></main>")), T0, GENERIC);
    assertThat(state.latest.text()).contains("Try our new app");
    Target withoutAds = target(new DocumentDeclaration(KEY.document(), URL, List.of(),
        List.of(Selector.css(".ad")), List.of(), null, null));
    int before = extractions.get();

    Detection reread = live(page(2, POLICY.replace("</main>", "<p class=ad>Try our new app.</p></main>")), T0.plusSeconds(60), withoutAds);

    assertThat(extractions.get()).isGreaterThan(before);
    assertThat(reread.outcome()).isInstanceOf(Outcome.TechnicalUpgrade.class);
    assertThat(state.latest.text()).doesNotContain("Try our new app");
  }

  @Test
  void shouldExtractAgainWhileALastFailureIsRemembered() {
    live(page(1, POLICY), T0, GENERIC);
    live("<html><body><script src=/a.js></script></body></html>", T0.plusSeconds(30), GENERIC);
    assertThat(state.history.lastFailedDigest()).isNotNull();
    int before = extractions.get();

    Detection back = live(page(2, POLICY), T0.plusSeconds(60), GENERIC);

    assertThat(extractions.get()).isEqualTo(before + 1);
    assertThat(back.outcome()).isInstanceOfSatisfying(Outcome.Nothing.class,
        n -> assertThat(n.why()).isEqualTo("the same text"));
    assertThat(state.history.lastFailedDigest()).isNull();
  }
}
