package dev.policymonitor.alerts.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every decision of the router, on plain values: no Kafka, no channel, no clock. */
class AlertRouterTest {
  private static final Instant NOW = Instant.parse("2026-11-23T09:20:00Z");
  private static final RoutingRules RULES = RoutingRules.defaults(Severity.LOW);

  /** The router's state as two plain collections. */
  private static final class State implements AlertState {
    final Set<String> delivered = new HashSet<>();
    final List<DigestItem> waiting = new ArrayList<>();
    final Map<String, ReviewState> reviews = new HashMap<>();

    @Override
    public ReviewState reviewState(Change change) {
      return reviews.getOrDefault(change.changeId(), ReviewState.NEW);
    }

    @Override
    public boolean delivered(String channel, String changeId) {
      return delivered.contains(channel + "/" + changeId);
    }

    @Override
    public List<DigestItem> waitingForDigest() {
      return waiting;
    }
  }

  private final State state = new State();

  private static AlertRouter.Channel channel(String name, boolean deduplicated, DigestSchedule digest) {
    return new AlertRouter.Channel(new ChannelPolicy(name, RULES.policyFor(name).routes(), digest), deduplicated);
  }

  private AlertRouter router(AlertRouter.Channel... channels) {
    return new AlertRouter(List.of(channels), false, state);
  }

  private static String json(Change change) throws Exception {
    return Json.mapper().writeValueAsString(change);
  }

  private static DigestItem waiting(String channel, Change change, Instant windowStart) {
    return new DigestItem(channel, DigestSchedule.HOURLY, windowStart, windowStart.plusSeconds(3600), change);
  }

  @Test
  void shouldPublishACloudEventThenDecideForEachChannelInOrder() throws Exception {
    AlertRouter router = new AlertRouter(List.of(channel("slack", true, DigestSchedule.NONE),
        channel("email", true, DigestSchedule.NONE)), true, state);

    List<Decision> decisions = router.route("policy-changes-0@0", json(TestChanges.sale()), NOW);

    assertThat(decisions).containsExactly(new Decision.Publish(TestChanges.sale()),
        new Decision.Deliver("slack", TestChanges.sale()), new Decision.Deliver("email", TestChanges.sale()));
  }

  @Test
  void shouldFilterAChangeTheRoutingRulesDoNotTake() throws Exception {
    Change upgrade = TestChanges.of("t3ch", ChangeKind.TECHNICAL_UPGRADE, Severity.LOW, SnapshotSource.LIVE);

    assertThat(router(channel("slack", true, DigestSchedule.NONE)).route("o", json(upgrade), NOW))
        .containsExactly(new Decision.Filtered("slack", upgrade));
  }

  @Test
  void shouldNotSendAChangeTheChannelAlreadyGot() throws Exception {
    state.delivered.add("slack/" + TestChanges.sale().changeId());

    assertThat(router(channel("slack", true, DigestSchedule.NONE)).route("o", json(TestChanges.sale()), NOW))
        .containsExactly(new Decision.Duplicate("slack", TestChanges.sale()));
  }

  @Test
  void shouldSendAgainOnAChannelThatIsNotDeduplicated() throws Exception {
    state.delivered.add("console/" + TestChanges.sale().changeId());

    assertThat(router(channel("console", false, DigestSchedule.NONE)).route("o", json(TestChanges.sale()), NOW))
        .containsExactly(new Decision.Deliver("console", TestChanges.sale()));
  }

  @Test
  void shouldQueueForTheDigestWindowThatHoldsNow() throws Exception {
    List<Decision> decisions = router(channel("email", true, DigestSchedule.HOURLY))
        .route("o", json(TestChanges.sale()), NOW);

    assertThat(decisions).containsExactly(new Decision.QueueForDigest(new DigestItem("email", DigestSchedule.HOURLY,
        Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-23T10:00:00Z"), TestChanges.sale())));
  }

  @Test
  void shouldDeadLetterARecordThatIsNotAChangeWithItsText() {
    List<Decision> decisions = router(channel("slack", true, DigestSchedule.NONE))
        .route("policy-changes-2@17", "{not json", NOW);

    assertThat(decisions).singleElement().isInstanceOfSatisfying(Decision.Unreadable.class, u -> {
      assertThat(u.origin()).isEqualTo("policy-changes-2@17");
      assertThat(u.letter().channel()).isEqualTo(DeadLetter.UNREADABLE);
      assertThat(u.letter().raw()).isEqualTo("{not json");
      assertThat(u.letter().error()).startsWith("not a change: ");
      assertThat(u.letter().failedAt()).isEqualTo(NOW);
    });
  }

  @Test
  void shouldDecideNothingForATombstone() {
    assertThat(router(channel("slack", true, DigestSchedule.NONE)).route("o", null, NOW)).isEmpty();
  }

  @Test
  void shouldRememberADeliveryOnlyOnADeduplicatedChannel() {
    AlertRouter router = router(channel("slack", true, DigestSchedule.NONE),
        channel("console", false, DigestSchedule.NONE));
    Deliverer.Result ok = new Deliverer.Result(true, 2, null);

    assertThat(router.afterDelivery(new Decision.Deliver("slack", TestChanges.sale()), ok, NOW))
        .isEqualTo(new Decision.Delivered("slack", List.of(TestChanges.sale()), true, NOW));
    assertThat(router.afterDelivery(new Decision.Deliver("console", TestChanges.sale()), ok, NOW))
        .isEqualTo(new Decision.Delivered("console", List.of(TestChanges.sale()), false, NOW));
  }

  @Test
  void shouldDeadLetterAChangeTheChannelKeptRefusing() {
    Deliverer.Result failed = new Deliverer.Result(false, 5, "IOException: Slack webhook answered 500");

    Decision d = router(channel("slack", true, DigestSchedule.NONE))
        .afterDelivery(new Decision.Deliver("slack", TestChanges.sale()), failed, NOW);

    assertThat(d).isEqualTo(new Decision.DeadLettered(new DeadLetter("slack", "IOException: Slack webhook answered 500",
        5, NOW, List.of(TestChanges.sale()), null, null, null, null)));
  }

  @Test
  void shouldNotSendADigestBeforeItsWindowEnds() {
    state.waiting.add(waiting("email", TestChanges.sale(), Instant.parse("2026-11-23T09:00:00Z")));
    AlertRouter router = router(channel("email", true, DigestSchedule.HOURLY));

    assertThat(router.dueDigests(Instant.parse("2026-11-23T09:59:59Z"))).isEmpty();
    assertThat(router.dueDigests(Instant.parse("2026-11-23T10:00:00Z"))).singleElement()
        .isInstanceOf(Decision.SendDigest.class);
  }

  @Test
  void shouldSendDueDigestsOldestWindowFirstWithTheirChangesInCaptureOrder() {
    Change later = TestChanges.of("c0rer0", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE); // 12:00
    Change earlier = TestChanges.sale(); // 09:15
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Instant eight = Instant.parse("2026-11-23T08:00:00Z");
    state.waiting.add(waiting("email", later, nine));
    state.waiting.add(waiting("email", earlier, nine));
    state.waiting.add(waiting("email", TestChanges.hostile(), eight));

    List<Decision> decisions = router(channel("email", true, DigestSchedule.HOURLY))
        .dueDigests(Instant.parse("2026-11-23T10:00:05Z"));

    assertThat(decisions).extracting(d -> ((Decision.SendDigest) d).fresh().windowStart()).containsExactly(eight, nine);
    assertThat(((Decision.SendDigest) decisions.get(1)).fresh().changes()).containsExactly(earlier, later);
  }

  @Test
  void shouldSendOnlyTheChangesOfADigestNotDeliveredYet() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Change other = TestChanges.of("c0rer0", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE);
    state.waiting.add(waiting("email", TestChanges.sale(), nine));
    state.waiting.add(waiting("email", other, nine));
    state.delivered.add("email/" + TestChanges.sale().changeId());

    List<Decision> decisions = router(channel("email", true, DigestSchedule.HOURLY))
        .dueDigests(Instant.parse("2026-11-23T10:00:05Z"));

    Digest due = new Digest("email", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600),
        List.of(TestChanges.sale(), other));
    assertThat(decisions).containsExactly(new Decision.SendDigest(due, new Digest("email", DigestSchedule.HOURLY,
        nine, nine.plusSeconds(3600), List.of(other), Map.of(other.changeId(), ReviewState.NEW))));
  }

  @Test
  void shouldGiveEachChangeOfADigestItsReviewStateWhenTheDigestIsSent() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Change other = TestChanges.of("c0rer0", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE);
    state.waiting.add(waiting("email", TestChanges.sale(), nine));
    state.waiting.add(waiting("email", other, nine));
    AlertRouter router = router(channel("email", true, DigestSchedule.HOURLY));
    state.reviews.put(other.changeId(), ReviewState.IN_REVIEW);
    assertThat(router.dueDigests(nine.plusSeconds(1800))).as("not due yet").isEmpty();

    state.reviews.put(other.changeId(), ReviewState.REVIEWED_NO_ACTION);
    List<Decision> decisions = router.dueDigests(Instant.parse("2026-11-23T10:00:05Z"));

    Digest sent = ((Decision.SendDigest) decisions.get(0)).fresh();
    assertThat(sent.review(TestChanges.sale())).as("nobody reviewed it before it went out").hasValue(ReviewState.NEW);
    assertThat(sent.review(other)).as("the state at send time, not at queue time")
        .hasValue(ReviewState.REVIEWED_NO_ACTION);
  }

  @Test
  void shouldOnlyDiscardADigestWhoseChangesWereAllDeliveredAlready() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    state.waiting.add(waiting("email", TestChanges.sale(), nine));
    state.delivered.add("email/" + TestChanges.sale().changeId());

    List<Decision> decisions = router(channel("email", true, DigestSchedule.HOURLY))
        .dueDigests(Instant.parse("2026-11-23T10:00:05Z"));

    assertThat(decisions).containsExactly(new Decision.DiscardDigest(new Digest("email", DigestSchedule.HOURLY, nine,
        nine.plusSeconds(3600), List.of(TestChanges.sale()))));
  }

  @Test
  void shouldDeadLetterADigestOfAChannelThatIsNotConfiguredAnyMore() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    state.waiting.add(waiting("email", TestChanges.sale(), nine));
    Instant now = Instant.parse("2026-11-23T10:00:05Z");

    List<Decision> decisions = router(channel("slack", true, DigestSchedule.NONE)).dueDigests(now);

    Digest due = new Digest("email", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), List.of(TestChanges.sale()));
    assertThat(decisions).containsExactly(
        new Decision.DeadLettered(new DeadLetter("email", "channel email is not configured any more", 0, now,
            List.of(TestChanges.sale()), DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), null)),
        new Decision.DiscardDigest(due));
  }

  @Test
  void shouldRememberASentDigestAndDiscardItsItems() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Digest digest = new Digest("email", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), List.of(TestChanges.sale()));
    Decision.SendDigest send = new Decision.SendDigest(digest, digest);

    assertThat(router(channel("email", false, DigestSchedule.HOURLY))
        .afterDigest(send, new Deliverer.Result(true, 1, null), NOW))
        .as("a digest is remembered whatever the channel").containsExactly(
            new Decision.Delivered("email", List.of(TestChanges.sale()), true, NOW), new Decision.DiscardDigest(digest));
  }

  @Test
  void shouldDeadLetterADigestTheChannelKeptRefusingAndDiscardItsItems() {
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    Digest digest = new Digest("email", DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), List.of(TestChanges.sale()));
    Decision.SendDigest send = new Decision.SendDigest(digest, digest);

    assertThat(router(channel("email", true, DigestSchedule.HOURLY))
        .afterDigest(send, new Deliverer.Result(false, 3, "IOException: SMTP down"), NOW)).containsExactly(
            new Decision.DeadLettered(new DeadLetter("email", "IOException: SMTP down", 3, NOW,
                List.of(TestChanges.sale()), DigestSchedule.HOURLY, nine, nine.plusSeconds(3600), null)),
            new Decision.DiscardDigest(digest));
  }
}
