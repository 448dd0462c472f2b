package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.VersionDiffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same policy in a new page container (generic extraction): boilerplate lines at the edges give no
 * {@code changed} event; any real edit, at the edges or inside, still does.
 */
class LayoutTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  private static final String URL = "https://acme.example/privacy";
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final String POLICY = "# Privacy Policy\n\nLast updated: January 5, 2024\n\n"
      + "We collect your name and email address when you create an account.\n\n"
      + "We use cookies to remember your preferences and to keep you signed in.\n\n"
      + "We do not sell your personal information to anyone.\n\n"
      + "You can ask us to delete your account at any time.\n\n"
      + "We keep server logs for 30 days and then delete them.\n\n"
      + "We share your purchase history with our payment processor to complete each order you place with us.\n\n"
      + "Our support staff can read the messages you send us, only to answer your questions and fix problems.\n\n"
      + "We transfer data to our offices in the United States under the standard contractual clauses of the European Commission.\n\n"
      + "Contact our data protection officer at privacy@acme.example with any question about this policy.";
  private static final String BODY = "<p>Last updated: January 5, 2024</p>"
      + "<p>We collect your name and email address when you create an account.</p>"
      + "<p>We use cookies to remember your preferences and to keep you signed in.</p>"
      + "<p>We do not sell your personal information to anyone.</p>"
      + "<p>You can ask us to delete your account at any time.</p>"
      + "<p>We keep server logs for 30 days and then delete them.</p>"
      + "<p>We share your purchase history with our payment processor to complete each order you place with us.</p>"
      + "<p>Our support staff can read the messages you send us, only to answer your questions and fix problems.</p>"
      + "<p>We transfer data to our offices in the United States under the standard contractual clauses of the European Commission.</p>"
      + "<p>Contact our data protection officer at privacy@acme.example with any question about this policy.</p>";

  private final Layout layout = new Layout(new ChangeClassifier());

  @Test
  void shouldSeeOnlyBoilerplateLinesAddedOrRemovedAtTheEdges() {
    String redesigned = "[Home](/) [Products](/products)\n\n" + POLICY.replace("# Privacy Policy", "## Privacy Policy")
        + "\n\n- [Terms of service](/terms)\n- [Cookie settings](/cookies)\n\n© 2025 Acme Inc.";

    assertThat(layout.sameTextNewContainer(POLICY, redesigned)).hasValueSatisfying(e -> {
      assertThat(e.added()).containsExactly("Home Products", "Terms of service", "Cookie settings", "© 2025 Acme Inc.");
      assertThat(e.removed()).isEmpty();
      assertThat(e.describe()).isEqualTo("4 boilerplate lines (added \"Home Products\", \"Terms of service\", "
          + "\"Cookie settings\", \"© 2025 Acme Inc.\")");
    });
    assertThat(layout.sameTextNewContainer(redesigned, POLICY)).hasValueSatisfying(e ->
        assertThat(e.removed()).hasSize(4));
  }

  @Test
  void shouldNotHideASentenceAddedAtTheEdgesOrAnyEditInside() {
    // A real sentence after the last paragraph: it ends like a sentence.
    assertThat(layout.sameTextNewContainer(POLICY, POLICY + "\n\nWe may share your data with advertisers.")).isEmpty();
    // A short line without a period that says something about a practice.
    assertThat(layout.sameTextNewContainer(POLICY, POLICY + "\n\nWe sell your data")).isEmpty();
    // One word edited inside the policy.
    assertThat(layout.sameTextNewContainer(POLICY, "[Home](/)\n\n" + POLICY.replace("30 days", "90 days")))
        .isEmpty();
    // A paragraph removed from the middle.
    assertThat(layout.sameTextNewContainer(POLICY,
        POLICY.replace("We do not sell your personal information to anyone.\n\n", ""))).isEmpty();
    // The same text: nothing for the layout rule to say (the detector already says nothing).
    assertThat(layout.sameTextNewContainer(POLICY, POLICY)).isEmpty();
  }

  @Test
  void shouldNotCallItALayoutChangeWhenTheEdgesOutweighThePolicy() {
    String tiny = "We do not sell your personal information to anyone.";
    String wrapped = "Menu\n\nHome\n\nAbout us\n\nCareers\n\n" + tiny + "\n\nBlog\n\nPress\n\nStatus";

    assertThat(layout.sameTextNewContainer(tiny, wrapped)).isEmpty();
  }

  private static Snapshot snapshot(String html, Instant at) {
    return new Snapshot(KEY.vendor(), KEY.document(), URL, SnapshotSource.LIVE, at, at, 200, "text/html", "UTF-8",
        null, html.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRecordTheSamePolicyInANewContainerAsALayoutTechnicalUpgradeAndStillReportARealEditAfterIt() {
    ChangeDetection detection = new ChangeDetection(ChangeDetection.Extractor.of(new Normalizer()),
        new ChangeFactory(new VersionDiffer(), new ChangeClassifier(), Clock.fixed(T0, ZoneOffset.UTC)),
        DetectionSettings.defaults());
    MemoryState state = new MemoryState();
    Target generic = new Target(KEY.vendor(), null, DocumentDeclaration.of(KEY.document(), URL), Duration.ofHours(6));
    String before = "<html><body><main><h1>Privacy Policy</h1>" + BODY + "</main></body></html>";
    // The new theme puts a breadcrumb and related links inside the container generic extraction picks.
    String after = "<html><body><main><p><a href=\"/\">Home</a> › <a href=\"/legal\">Legal</a></p>"
        + "<h1>Privacy Policy</h1>" + BODY + "<ul><li><a href=\"/terms\">Terms of service</a></li>"
        + "<li><a href=\"/cookies\">Cookie settings</a></li></ul></main></body></html>";
    String edited = after.replace("30 days", "90 days");
    String appended = after.replace("</ul>", "</ul><p>We may share your data with advertisers.</p>");

    state.apply(detection.detect(state, Capture.of(snapshot(before, T0), generic)));
    Detection moved = state.apply(detection.detect(state, Capture.of(snapshot(after, T0.plusSeconds(60)), generic)));
    Detection edit = state.apply(detection.detect(state, Capture.of(snapshot(edited, T0.plusSeconds(120)), generic)));

    assertThat(moved.outcome()).isInstanceOfSatisfying(Outcome.TechnicalUpgrade.class, u -> {
      assertThat(u.change().kind()).isEqualTo(ChangeKind.TECHNICAL_UPGRADE);
      assertThat(u.change().flags()).containsExactly(ChangeFlag.LAYOUT);
      assertThat(u.change().severity()).isEqualTo(Severity.LOW);
      assertThat(u.change().reasons()).singleElement().asString().startsWith("layout: generic extraction")
          .contains("Terms of service");
    });
    assertThat(edit.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c ->
        assertThat(c.change().modified()).singleElement().satisfies(m ->
            assertThat(m.after()).isEqualTo("We keep server logs for 90 days and then delete them.")));

    MemoryState other = new MemoryState();
    other.apply(detection.detect(other, Capture.of(snapshot(after, T0), generic)));
    Detection added = other.apply(detection.detect(other, Capture.of(snapshot(appended, T0.plusSeconds(60)),
        generic)));
    assertThat(added.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c ->
        assertThat(c.change().added()).containsExactly("We may share your data with advertisers."));
  }

  @Test
  void shouldLeaveDocumentsWithSelectorsToTheirRules() {
    ChangeDetection detection = new ChangeDetection(ChangeDetection.Extractor.of(new Normalizer()),
        new ChangeFactory(new VersionDiffer(), new ChangeClassifier(), Clock.fixed(T0, ZoneOffset.UTC)),
        DetectionSettings.defaults());
    MemoryState state = new MemoryState();
    Target selected = new Target(KEY.vendor(), null, new DocumentDeclaration(KEY.document(), URL,
        List.of(Selector.css("main")), List.of(), List.of(), null, null), Duration.ofHours(6));
    String before = "<html><body><main><h1>Privacy Policy</h1>" + BODY + "</main></body></html>";
    String after = "<html><body><main><h1>Privacy Policy</h1>" + BODY + "<p>Share this page</p></main></body></html>";

    state.apply(detection.detect(state, Capture.of(snapshot(before, T0), selected)));
    Detection d = state.apply(detection.detect(state, Capture.of(snapshot(after, T0.plusSeconds(60)), selected)));

    assertThat(d.outcome()).isInstanceOfSatisfying(Outcome.Changed.class, c ->
        assertThat(c.change().added()).containsExactly("Share this page"));
  }
}
