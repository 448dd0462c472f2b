package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.alerts.cloudevents.ChangeEvents;
import dev.policymonitor.alerts.cloudevents.ChangeSchema;
import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Redriver;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.routing.ChannelPolicy;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.alerts.slack.SlackAlertSink;
import dev.policymonitor.alerts.slack.SlackMessage;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewEvent;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import dev.policymonitor.testing.RecordingHttpEndpoint.Answer;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alerts service on a real (in-process) broker: crash and restart, dead letters and redrive, digests. */
class AlertsServiceTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  @AutoClose final RecordingHttpEndpoint slack = RecordingHttpEndpoint.start();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(100),
      Duration.ofSeconds(5));

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();

  private AlertsService service(AlertsTopics topics, String group, List<AlertsService.Channel> channels,
      SimpleMeterRegistry registry, Clock clock) {
    KAFKA.createTopics(topics.definitions());
    return new AlertsService(new AlertsService.Settings(KAFKA.clients(), group, topics, FAST, true,
        Duration.ofMillis(200)), channels, registry, clock, sleeper);
  }

  private AlertsService.Channel slackChannel() {
    return new AlertsService.Channel(new SlackAlertSink(client, HttpUrl.get(slack.url("/services/T/B/X")),
        new SlackMessage("https://monitor.example.com")), RoutingRules.defaults(Severity.LOW).policyFor("slack"));
  }

  private static AlertsService.Channel channel(AlertSink sink, DigestSchedule digest) {
    ChannelPolicy base = RoutingRules.defaults(Severity.LOW).policyFor(sink.channel());
    return new AlertsService.Channel(sink, new ChannelPolicy(sink.channel(), base.routes(), digest));
  }

  private static void send(String topic, String key, String value) {
    try (KafkaProducer<String, String> producer = KAFKA.clients().producer("test-writer", new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
    }
  }

  private static void send(String topic, Change change) throws Exception {
    send(topic, change.key(), Json.mapper().writeValueAsString(change));
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic, int atLeast) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = KAFKA.clients().consumer("test-reader", "reader-" + topic + "-"
        + UUID.randomUUID(), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Stands for the process dying: an Error, which the service does not try to recover from. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash between send and commit");
    }
  }

  @Test
  void shouldNotSendAgainAfterACrashBetweenSendAndCommit() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-crash");
    RecordingSink display = new RecordingSink("display", false);
    SimpleMeterRegistry first = new SimpleMeterRegistry();
    AtomicBoolean crashed = new AtomicBoolean();
    AlertsService before = service(topics, "crash", List.of(slackChannel(), channel(display, DigestSchedule.NONE)),
        first, Clock.systemUTC()).beforeCommit(() -> {
          crashed.set(true);
          throw new SimulatedCrash();
        });
    before.start();
    send(topics.changes(), TestChanges.sale());
    await().atMost(Duration.ofSeconds(30)).until(() -> crashed.get() && !before.isRunning());
    before.close();
    assertThat(slack.requestCount()).isEqualTo(1);
    assertThat(first.get(AlertMetrics.LATENCY).tags("channel", "slack", "from", "captured").timer().count()).isEqualTo(1);
    assertThat(first.get(AlertMetrics.LATENCY).tags("channel", "slack", "from", "detected").timer().count()).isEqualTo(1);
    assertThat(display.changes).hasSize(1);

    SimpleMeterRegistry second = new SimpleMeterRegistry();
    try (AlertsService after = service(topics, "crash", List.of(slackChannel(), channel(display, DigestSchedule.NONE)),
        second, Clock.systemUTC())) {
      after.start();
      // the display channel is not deduplicated: its second copy proves the change was consumed again
      await().atMost(Duration.ofSeconds(30)).until(() -> display.changes.size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> second.get(AlertMetrics.DELIVERIES)
          .tags("channel", "slack", "outcome", "duplicate").counter().count() == 1.0);
      assertThat(slack.requestCount()).as("Slack got the alert once").isEqualTo(1);
    }
  }

  @Test
  void shouldDeadLetterAfterBoundedRetriesAndRedriveOnce() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-dlq");
    slack.answerNext(Answer.status(500).withBody("rollup_error"), Answer.status(500).withBody("rollup_error"),
        Answer.status(500).withBody("rollup_error"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AlertsService service = service(topics, "dlq", List.of(slackChannel()), registry, Clock.systemUTC())) {
      service.start();
      send(topics.changes(), TestChanges.sale());
      List<ConsumerRecord<String, String>> letters = readAll(topics.deadLetters(), 1);
      assertThat(letters).hasSize(1);
      DeadLetter letter = Json.mapper().readValue(letters.get(0).value(), DeadLetter.class);
      assertThat(letter.channel()).isEqualTo("slack");
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.error()).contains("500");
      assertThat(letter.changes()).containsExactly(TestChanges.sale());
      assertThat(letters.get(0).key()).isEqualTo("defensx/privacy-policy");
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get(AlertMetrics.DELIVERIES)
          .tags("channel", "slack", "outcome", "dead-lettered").counter().count() == 1.0);
      assertThat(registry.get(AlertMetrics.DLQ_SIZE).gauge().value()).isEqualTo(1.0);
    }
    assertThat(slack.requestCount()).isEqualTo(3);
    assertThat(sleeper.delays()).as("two pauses between three attempts").hasSize(2);

    List<AlertSink> sinks = List.of(slackChannel().sink());
    Redriver redriver = new Redriver(KAFKA.clients(), topics, sinks, FAST, new SimpleMeterRegistry(),
        Clock.systemUTC(), System.out);
    assertThat(redriver.redrive(Optional.of("slack"))).isEqualTo(new Redriver.Summary(1, 0, 0, 0));
    assertThat(slack.requestCount()).isEqualTo(4);
    assertThat(slack.requests().get(3).bodyText()).contains("defensx");

    assertThat(redriver.redrive(Optional.empty())).isEqualTo(new Redriver.Summary(0, 0, 0, 1));
    assertThat(slack.requestCount()).as("a second redrive sends nothing").isEqualTo(4);
    SimpleMeterRegistry restarted = new SimpleMeterRegistry();
    try (AlertsService service = service(topics, "dlq", List.of(slackChannel()), restarted, Clock.systemUTC())) {
      service.start();
      assertThat(restarted.get(AlertMetrics.DLQ_SIZE).gauge().value()).as("redriven entries leave the backlog")
          .isEqualTo(0.0);
    }
  }

  @Test
  void shouldKeepPendingDigestItemsAcrossARestart() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-digest");
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:10:00Z"));
    RecordingSink email = new RecordingSink("email", true);
    try (AlertsService service = service(topics, "digest", List.of(channel(email, DigestSchedule.HOURLY)),
        new SimpleMeterRegistry(), clock)) {
      service.start();
      send(topics.changes(), TestChanges.sale());
      send(topics.changes(), TestChanges.of("c0rer0", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE));
      assertThat(readAll(topics.digest(), 2)).hasSize(2);
    }
    assertThat(email.changes).isEmpty();
    assertThat(email.digests).isEmpty();

    clock.set(Instant.parse("2026-11-23T10:00:05Z"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AlertsService service = service(topics, "digest", List.of(channel(email, DigestSchedule.HOURLY)),
        registry, clock)) {
      service.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> email.digests.size() == 1);
      assertThat(email.digests.get(0).changes()).extracting(Change::changeId)
          .containsExactlyInAnyOrder("k7h2m4p6q8r1s3t5v7w9", "c0rer0");
      assertThat(email.digests.get(0).windowStart()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get(AlertMetrics.DELIVERIES)
          .tags("channel", "email", "outcome", "delivered").counter().count() == 2.0);
    }
    clock.set(Instant.parse("2026-11-23T11:00:05Z"));
    Change next = TestChanges.of("c0rer1", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE);
    try (AlertsService service = service(topics, "digest", List.of(channel(email, DigestSchedule.HOURLY)),
        new SimpleMeterRegistry(), clock)) {
      service.start();
      send(topics.changes(), next);
      assertThat(readAll(topics.digest(), 5)).as("2 items, 2 tombstones, the new item").hasSize(5);
      clock.set(Instant.parse("2026-11-23T12:00:05Z"));
      await().atMost(Duration.ofSeconds(30)).until(() -> email.digests.size() >= 2);
      // digests go out oldest window first: had the 09:00 items survived the restart, they would come next
      assertThat(email.digests).hasSize(2);
      assertThat(email.digests.get(1).windowStart()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
      assertThat(email.digests.get(1).changes()).containsExactly(next);
    }
    assertThat(email.changes).isEmpty();
  }

  @Test
  void shouldShowInADigestTheReviewStateOfEachChangeWhenTheDigestGoesOut() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-reviewed");
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:10:00Z"));
    RecordingSink email = new RecordingSink("email", true);
    Change other = TestChanges.of("c0rer0", ChangeKind.CHANGED, Severity.LOW, SnapshotSource.LIVE);
    try (AlertsService service = service(topics, "reviewed", List.of(channel(email, DigestSchedule.HOURLY)),
        new SimpleMeterRegistry(), clock)) {
      service.start();
      send(topics.changes(), TestChanges.sale());
      send(topics.changes(), other);
      assertThat(readAll(topics.digest(), 2)).hasSize(2);
      // the web service records a review after the changes were queued, before the digest is due
      Review reviewed = Review.none(TestChanges.sale().key(), TestChanges.sale().changeId()).append(List.of(
          ReviewEvent.state(Instant.parse("2026-11-23T09:30:00Z"), "alice", ReviewState.REVIEWED_NO_ACTION)));
      send(topics.reviews(), reviewed.recordKey(), Json.mapper().writeValueAsString(reviewed));

      clock.set(Instant.parse("2026-11-23T10:00:05Z"));
      await().atMost(Duration.ofSeconds(30)).until(() -> email.digests.size() == 1);
    }
    Digest sent = email.digests.get(0);
    assertThat(sent.changes()).hasSize(2);
    assertThat(sent.review(TestChanges.sale())).hasValue(ReviewState.REVIEWED_NO_ACTION);
    assertThat(sent.review(other)).as("nobody reviewed it before the digest went out").hasValue(ReviewState.NEW);
  }

  @Test
  void shouldPublishEveryChangeAsACloudEventAndDeadLetterUnreadableRecords() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-events");
    RecordingSink display = new RecordingSink("display", false);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AlertsService service = service(topics, "events", List.of(channel(display, DigestSchedule.NONE)),
        registry, Clock.systemUTC())) {
      service.start();
      send(topics.changes(), "broken/key", "{not json");
      send(topics.changes(), TestChanges.sale());
      send(topics.changes(), TestChanges.hostile());
      send(topics.changes(), TestChanges.of("t3ch", ChangeKind.TECHNICAL_UPGRADE, Severity.LOW, SnapshotSource.LIVE));

      List<ConsumerRecord<String, String>> events = readAll(topics.changeEvents(), 3);
      assertThat(events).hasSize(3);
      for (ConsumerRecord<String, String> r : events) {
        JsonNode event = Json.mapper().readTree(r.value());
        assertThat(event.get("type").asText()).isEqualTo(ChangeEvents.TYPE);
        assertThat(event.get("subject").asText()).isEqualTo(r.key());
        assertThat(ChangeSchema.validate(event.get("data"))).as("data of %s", r.key()).isEmpty();
        assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .startsWith("application/cloudevents+json");
      }
      List<ConsumerRecord<String, String>> letters = readAll(topics.deadLetters(), 1);
      DeadLetter letter = Json.mapper().readValue(letters.get(0).value(), DeadLetter.class);
      assertThat(letter.channel()).isEqualTo(DeadLetter.UNREADABLE);
      assertThat(letter.raw()).isEqualTo("{not json");
      // the technical upgrade, sent last, was filtered: that proves every record was handled
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get(AlertMetrics.DELIVERIES)
          .tags("channel", "display", "outcome", "filtered").counter().count() == 1.0);
      assertThat(display.changes).extracting(Change::changeId)
          .containsExactly(TestChanges.sale().changeId(), TestChanges.hostile().changeId());
    }
  }

  @Test
  void shouldRetryABatchThatFailedOnItsOwnSideWithoutSendingTwice() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-recover");
    RecordingSink sink = new RecordingSink("sink", true);
    AtomicInteger commits = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AlertsService service = service(topics, "recover", List.of(channel(sink, DigestSchedule.NONE)),
        registry, Clock.systemUTC()).beforeCommit(() -> {
          if (commits.incrementAndGet() == 1) {
            throw new IllegalStateException("the broker did not take the offset commit");
          }
        })) {
      service.start();
      send(topics.changes(), TestChanges.sale());
      // the batch is read again after the failure: its marker makes the second pass a duplicate
      await().atMost(Duration.ofSeconds(30)).until(() -> registry.get(AlertMetrics.DELIVERIES)
          .tags("channel", "sink", "outcome", "duplicate").counter().count() == 1.0);
      assertThat(sink.changes).containsExactly(TestChanges.sale());
      assertThat(sleeper.delays()).as("paused before the retry").containsExactly(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> commits.get() == 2);
      assertThat(service.isRunning()).isTrue();
    }
  }
}
