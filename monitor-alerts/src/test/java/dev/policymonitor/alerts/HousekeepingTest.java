package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.cloudevents.ChangeEventPublisher;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.routing.AlertRouter;
import dev.policymonitor.alerts.routing.ChannelPolicy;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;

/** The digest schedule and the backlog gauge, on a clock the test moves: no broker, no waiting. */
class HousekeepingTest {
  private static final Instant NINE = Instant.parse("2026-11-23T09:00:00Z");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
  private final RecordingSink email = new RecordingSink("email", true);
  private final AlertStores stores = MemoryStores.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Housekeeping housekeeping;

  HousekeepingTest() {
    AlertMetrics metrics = new AlertMetrics(List.of("email"));
    metrics.bindTo(registry);
    ChannelPolicy policy = new ChannelPolicy("email", RoutingRules.defaults(Severity.LOW).policyFor("email").routes(),
        DigestSchedule.HOURLY);
    AlertRouter router = new AlertRouter(List.of(new AlertRouter.Channel(policy, true)), false, stores);
    DecisionExecutor executor = new DecisionExecutor(router, Map.of("email", email),
        new Deliverer(new RetrySettings(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)), metrics,
            new RecordingSleeper()),
        stores, new ChangeEventPublisher(new MockProducer<>(), "events"), metrics, clock);
    housekeeping = new Housekeeping(clock, Duration.ofSeconds(30), Duration.ofSeconds(5), router, executor, stores,
        metrics);
  }

  private void waiting(String id, Instant windowStart) {
    stores.digests.add(new DigestItem("email", DigestSchedule.HOURLY, windowStart, windowStart.plusSeconds(3600),
        TestChanges.of(id, ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE)));
  }

  @Test
  void shouldSendADueDigestAtOnceThenLookAgainOnlyWhenTheIntervalHasPassed() {
    waiting("a", NINE);
    housekeeping.run(true);
    assertThat(email.digests).hasSize(1);
    assertThat(stores.waitingForDigest()).isEmpty();

    waiting("b", NINE);
    clock.advance(Duration.ofSeconds(29));
    housekeeping.run(true);
    assertThat(email.digests).as("29 s after the last check").hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    housekeeping.run(true);
    assertThat(email.digests).hasSize(2);
    assertThat(email.digests.get(1).changes()).extracting(c -> c.changeId()).containsExactly("b");
  }

  @Test
  void shouldKeepADigestWhoseWindowHasNotEnded() {
    waiting("a", Instant.parse("2026-11-23T10:00:00Z"));

    housekeeping.run(true);

    assertThat(email.digests).isEmpty();
    assertThat(stores.waitingForDigest()).hasSize(1);
  }

  @Test
  void shouldLeaveDigestsToTheInstanceThatOwnsThem() {
    waiting("a", NINE);

    housekeeping.run(false);

    assertThat(email.digests).isEmpty();
    assertThat(stores.waitingForDigest()).hasSize(1);
  }

  @Test
  void shouldRefreshTheDeadLetterBacklogOnItsOwnPeriod() {
    housekeeping.run(false);
    stores.deadLetters.add(new DeadLetter("email", "down", 5, clock.instant(),
        List.of(TestChanges.sale()), null, null, null, null));

    clock.advance(Housekeeping.GAUGE_REFRESH.minusSeconds(1));
    housekeeping.run(false);
    assertThat(registry.get(AlertMetrics.DLQ_SIZE).gauge().value()).isEqualTo(0.0);

    clock.advance(Duration.ofSeconds(1));
    housekeeping.run(false);
    assertThat(registry.get(AlertMetrics.DLQ_SIZE).gauge().value()).isEqualTo(1.0);
  }
}
