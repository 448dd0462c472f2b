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
}
