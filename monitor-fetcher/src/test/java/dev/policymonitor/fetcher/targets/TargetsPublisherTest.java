package dev.policymonitor.fetcher.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.TargetOrigin;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.TopicsAdmin;
import dev.policymonitor.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seeding policy-targets from a vendors file, and reading the topic back whatever its partition layout. */
class TargetsPublisherTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  private static Target target(String vendor, String url) {
    return new Target(vendor, null, DocumentDeclaration.of("privacy-policy", url), Duration.ofHours(6));
  }

  @Test
  void shouldSeedTheFileAndUntrackOnlyWhatAnEarlierFileSeeded() {
    TopicsAdmin.ensure(KAFKA.clients(), List.of(Topics.TARGETS), Optional.empty(), Duration.ofSeconds(60));
    try (TargetsPublisher publisher = new TargetsPublisher(KAFKA.clients())) {
      // A file with two vendors; then a document added by hand.
      assertThat(publisher.seed(List.of(target("alpha", "https://alpha.test/p"), target("beta", "https://beta.test/p"))))
          .isEmpty();
      publisher.publish(List.of(target("gamma", "https://gamma.test/p").withOrigin(TargetOrigin.VENDORS_ADD)));

      // The next file no longer lists beta, and moves alpha to another host with selectors.
      Target movedAlpha = new Target("alpha", null, new DocumentDeclaration("privacy-policy", "https://www.alpha.test/p",
          List.of(Selector.css("main")), List.of(), List.of(), null, null), Duration.ofHours(6));
      List<PolicyKey> gone = publisher.seed(List.of(movedAlpha));

      assertThat(gone).containsExactly(new PolicyKey("beta", "privacy-policy"));
      Map<PolicyKey, PlacedTarget> now = publisher.readAll();
      assertThat(now).containsOnlyKeys(new PolicyKey("alpha", "privacy-policy"),
          new PolicyKey("gamma", "privacy-policy"));
      assertThat(now.get(new PolicyKey("alpha", "privacy-policy")).target())
          .isEqualTo(movedAlpha.withOrigin(TargetOrigin.VENDORS_FILE));
      assertThat(now.get(new PolicyKey("alpha", "privacy-policy")).partition())
          .isEqualTo(TargetsPublisher.partitionFor("www.alpha.test", Topics.TARGETS.partitions()));
      assertThat(now.get(new PolicyKey("gamma", "privacy-policy")).target().origin())
          .isEqualTo(TargetOrigin.VENDORS_ADD);

      // Seeding the same file again writes nothing and untracks nothing.
      assertThat(publisher.seed(List.of(movedAlpha))).isEmpty();
      assertThat(publisher.readAll()).isEqualTo(now);
    }
  }

  @Test
  void shouldNeitherOverwriteNorUntrackWhatTheWebChanged() {
    TopicsAdmin.ensure(KAFKA.clients(), List.of(Topics.TARGETS), Optional.empty(), Duration.ofSeconds(60));
    try (TargetsPublisher publisher = new TargetsPublisher(KAFKA.clients())) {
      publisher.seed(List.of(target("delta", "https://delta.test/p"), target("echo", "https://echo.test/p")));
      Target pausedOnTheWeb = target("delta", "https://delta.test/p");
      pausedOnTheWeb = pausedOnTheWeb.withDeclaration(pausedOnTheWeb.declaration().withPaused(true))
          .writtenFromWeb("alice", java.time.Instant.parse("2026-01-01T00:00:00Z"));
      Target addedOnTheWeb = target("foxtrot", "https://foxtrot.test/p")
          .writtenFromWeb("bob", java.time.Instant.parse("2026-01-02T00:00:00Z"));
      publisher.publish(List.of(pausedOnTheWeb, addedOnTheWeb));

      // A later file lists delta unchanged but no longer lists echo (file-seeded) or foxtrot (never in a file).
      assertThat(publisher.seed(List.of(target("delta", "https://delta.test/p"))))
          .containsExactly(new PolicyKey("echo", "privacy-policy"));

      Map<PolicyKey, PlacedTarget> now = publisher.readAll();
      assertThat(now.get(new PolicyKey("delta", "privacy-policy")).target()).isEqualTo(pausedOnTheWeb);
      assertThat(now.get(new PolicyKey("foxtrot", "privacy-policy")).target()).isEqualTo(addedOnTheWeb);
      assertThat(now).doesNotContainKey(new PolicyKey("echo", "privacy-policy"));
      // The broker is shared by this class's tests: leave the topic as the other test expects it.
      publisher.remove(pausedOnTheWeb.key());
      publisher.remove(addedOnTheWeb.key());
    }
  }
}
