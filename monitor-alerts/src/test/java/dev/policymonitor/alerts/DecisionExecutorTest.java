package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.cloudevents.ChangeEventPublisher;
import dev.policymonitor.alerts.cloudevents.ChangeEvents;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.routing.AlertRouter;
import dev.policymonitor.alerts.routing.Decision;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Severity;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The executor of the router's decisions over in-memory stores and recording channels: no broker. */
class DecisionExecutorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T09:20:00Z");

  private final RecordingSink slack = new RecordingSink("slack", true);
  private final AlertSink down = new AlertSink() {
    @Override
    public String channel() {
      return "down";
    }

    @Override
    public void deliver(Change change) throws IOException {
      throw new IOException("connection refused");
    }
  };
  private final AlertStores stores = MemoryStores.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertMetrics metrics = new AlertMetrics(List.of("slack", "down"));
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final DecisionExecutor executor;

  DecisionExecutorTest() {
    metrics.bindTo(registry);
    AlertRouter router = new AlertRouter(List.of(
        new AlertRouter.Channel(RoutingRules.defaults(Severity.LOW).policyFor("slack"), true),
        new AlertRouter.Channel(RoutingRules.defaults(Severity.LOW).policyFor("down"), true)), true, stores);
    executor = new DecisionExecutor(router, Map.of("slack", slack, "down", down),
        new Deliverer(new RetrySettings(2, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(5)),
            metrics, new RecordingSleeper()),
        stores, new ChangeEventPublisher(producer, "policy-change-events"), metrics, new MutableClock(NOW));
  }

  private double count(String channel, String outcome) {
    return registry.get(AlertMetrics.DELIVERIES).tags("channel", channel, "outcome", outcome).counter().count();
  }

  @Test
  void shouldDeliverThenMarkTheChangeDelivered() {
    executor.execute(List.of(new Decision.Deliver("slack", TestChanges.sale())));

    assertThat(slack.changes).containsExactly(TestChanges.sale());
    assertThat(stores.delivered("slack", TestChanges.sale().changeId())).isTrue();
    assertThat(count("slack", "delivered")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterWhatTheChannelKeptRefusing() {
    executor.execute(List.of(new Decision.Deliver("down", TestChanges.sale())));

    assertThat(stores.deadLetters.entries()).singleElement().satisfies(letter -> {
      assertThat(letter.channel()).isEqualTo("down");
      assertThat(letter.attempts()).isEqualTo(2);
      assertThat(letter.error()).isEqualTo("IOException: connection refused");
    });
    assertThat(stores.delivered("down", TestChanges.sale().changeId())).isFalse();
    assertThat(count("down", "failed")).isEqualTo(2.0);
    assertThat(count("down", "dead-lettered")).isEqualTo(1.0);
    assertThat(registry.get(AlertMetrics.DLQ_SIZE).gauge().value()).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterAnUnreadableRecordAndCountIt() {
    DeadLetter letter = new DeadLetter(DeadLetter.UNREADABLE, "not a change", 0, NOW, List.of(), null, null, null,
        "{not json");

    executor.execute(List.of(new Decision.Unreadable("policy-changes-0@3", letter)));

    assertThat(stores.deadLetters.entries()).containsExactly(letter);
    assertThat(count(DeadLetter.UNREADABLE, "dead-lettered")).isEqualTo(1.0);
  }

  @Test
  void shouldPublishACloudEventWithItsContentType() {
    executor.execute(List.of(new Decision.Publish(TestChanges.sale())));

    assertThat(producer.history()).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo("policy-change-events");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("defensx/privacy-policy");
      assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
          .isEqualTo(ChangeEvents.CONTENT_TYPE);
    });
  }

  @Test
  void shouldCountFilteredAndDuplicateChangesWithoutSendingThem() {
    executor.execute(List.of(new Decision.Filtered("slack", TestChanges.sale()),
        new Decision.Duplicate("slack", TestChanges.sale())));

    assertThat(slack.changes).isEmpty();
    assertThat(count("slack", "filtered")).isEqualTo(1.0);
    assertThat(count("slack", "duplicate")).isEqualTo(1.0);
  }

  @Test
  void shouldQueueADigestItemThenDiscardItWithItsDigest() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    DigestItem item = new DigestItem("slack", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), TestChanges.sale());

    executor.execute(List.of(new Decision.QueueForDigest(item)));
    assertThat(stores.waitingForDigest()).containsExactly(item);

    executor.execute(List.of(new Decision.DiscardDigest(new Digest("slack", DigestSchedule.HOURLY, nine,
        nine.plusSeconds(3600), List.of(TestChanges.sale())))));
    assertThat(stores.waitingForDigest()).isEmpty();
  }

  @Test
  void shouldSendADigestMarkItsChangesAndDiscardIt() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Digest digest = new Digest("slack", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), List.of(TestChanges.sale()));
    stores.digests.add(new DigestItem("slack", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), TestChanges.sale()));

    executor.execute(List.of(new Decision.SendDigest(digest, digest)));

    assertThat(slack.digests).containsExactly(digest);
    assertThat(stores.delivered("slack", TestChanges.sale().changeId())).isTrue();
    assertThat(stores.waitingForDigest()).isEmpty();
  }
}
