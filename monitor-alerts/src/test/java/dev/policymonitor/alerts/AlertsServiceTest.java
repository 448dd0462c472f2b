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
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.alerts.routing.ChannelPolicy;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.alerts.slack.SlackAlertSink;
import dev.policymonitor.alerts.slack.SlackMessage;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.testing.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alerts service on a real (in-process) broker: crash and restart, dead letters and redrive, digests. */
class AlertsServiceTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  @StartStop final MockWebServer slack = new MockWebServer();

  private static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(100),
      Duration.ofSeconds(5));

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();

  private AlertsService service(AlertsTopics topics, String group, List<AlertsService.Channel> channels,
      SimpleMeterRegistry registry, Clock clock) {
    KAFKA.createTopics(topics.definitions());
    return new AlertsService(new AlertsService.Settings(KAFKA.clients(), group, topics, FAST, true,
        Duration.ofMillis(200)), channels, registry, clock);
  }

  private AlertsService.Channel slackChannel() {
    return new AlertsService.Channel(new SlackAlertSink(client, slack.url("/services/T/B/X"),
        new SlackMessage("https://monitor.example.com")), RoutingRules.defaults(Severity.LOW).policyFor("slack"));
  }

  private static AlertsService.Channel channel(AlertSink sink, DigestSchedule digest) {
    ChannelPolicy base = RoutingRules.defaults(Severity.LOW).policyFor(sink.channel());
    return new AlertsService.Channel(sink, new ChannelPolicy(sink.channel(), base.routes(), digest));
  }

  private static void send(String topic, String key, String value) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
    }
  }

  private static void send(String topic, Change change) throws Exception {
    send(topic, change.key(), Json.mapper().writeValueAsString(change));
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic, int atLeast) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
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
    for (int i = 0; i < 3; i++) {
      slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    }
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
    assertThat(slack.getRequestCount()).isEqualTo(1);
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
      assertThat(slack.getRequestCount()).as("Slack got the alert once").isEqualTo(1);
    }
  }

  @Test
  void shouldDeadLetterAfterBoundedRetriesAndRedriveOnce() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-dlq");
    for (int i = 0; i < 3; i++) {
      slack.enqueue(new MockResponse.Builder().code(500).body("rollup_error").build());
    }
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
    assertThat(slack.getRequestCount()).isEqualTo(3);

    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    List<AlertSink> sinks = List.of(slackChannel().sink());
    Redriver redriver = new Redriver(KAFKA.clients(), topics, sinks, FAST, new SimpleMeterRegistry(),
        Clock.systemUTC(), System.out);
    assertThat(redriver.redrive(Optional.of("slack"))).isEqualTo(new Redriver.Summary(1, 0, 0, 0));
    assertThat(slack.getRequestCount()).isEqualTo(4);
    assertThat(slack.takeRequest().getBody()).isNotNull();

    assertThat(redriver.redrive(Optional.empty())).isEqualTo(new Redriver.Summary(0, 0, 0, 1));
    assertThat(slack.getRequestCount()).as("a second redrive sends nothing").isEqualTo(4);
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
    try (AlertsService service = service(topics, "digest", List.of(channel(email, DigestSchedule.HOURLY)),
        new SimpleMeterRegistry(), clock)) {
      service.start();
      Thread.sleep(1500); // a few digest checks: nothing is left to send
      assertThat(email.digests).hasSize(1);
    }
    assertThat(email.changes).isEmpty();
  }

  @Test
  void shouldPublishEveryChangeAsACloudEventAndDeadLetterUnreadableRecords() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-events");
    RecordingSink display = new RecordingSink("display", false);
    try (AlertsService service = service(topics, "events", List.of(channel(display, DigestSchedule.NONE)),
        new SimpleMeterRegistry(), Clock.systemUTC())) {
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
      await().atMost(Duration.ofSeconds(10)).until(() -> display.changes.size() == 2);
      assertThat(display.changes).extracting(Change::kind).doesNotContain(ChangeKind.TECHNICAL_UPGRADE);
    }
  }

  @Test
  void shouldRetryABatchThatFailedInsteadOfLosingIt() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-recover");
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    RecordingSink flaky = new RecordingSink("flaky", true) {
      @Override
      public boolean deduplicated() {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("transient failure outside the delivery itself");
        }
        return true;
      }
    };
    try (AlertsService service = service(topics, "recover", List.of(channel(flaky, DigestSchedule.NONE)),
        new SimpleMeterRegistry(), Clock.systemUTC())) {
      service.start();
      send(topics.changes(), TestChanges.sale());
      await().atMost(Duration.ofSeconds(30)).until(() -> flaky.changes.size() == 1);
      assertThat(service.isRunning()).isTrue();
      assertThat(calls.get()).isGreaterThan(1);
    }
  }
}
