package dev.policymonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.ChannelHealth;
import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.DeliveryLog;
import dev.policymonitor.alerts.delivery.Redriver;
import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.email.EmailAlertSink;
import dev.policymonitor.alerts.email.EmailRenderer;
import dev.policymonitor.alerts.email.SmtpSettings;
import dev.policymonitor.alerts.routing.RoutingRules;
import dev.policymonitor.alerts.webhook.WebhookAlertSink;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import dev.policymonitor.testing.CapturedLogs;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.MutableClock;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import dev.policymonitor.testing.RecordingHttpEndpoint.Answer;
import dev.policymonitor.testing.RecordingSleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels that are down for minutes, on a real broker and fake time: a webhook that answers 500, or 429 with a
 * {@code Retry-After}, and an SMTP server that refuses connections. Every alert is retried, then dead-lettered,
 * then re-driven once the channels work again; at the end each change reached each channel exactly once. The first
 * failed attempt of a channel logs one warning naming it and the reason, and {@code /health} shows it degraded
 * until it works again.
 */
class SinkOutageTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  @RegisterExtension static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
  @AutoClose final RecordingHttpEndpoint webhook = RecordingHttpEndpoint.start();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private final RetrySettings retry = RetrySettings.defaults();

  private static Change change(int i) {
    return TestChanges.of(String.format("0utage%014d", i), ChangeKind.CHANGED, Severity.HIGH, SnapshotSource.LIVE);
  }

  private WebhookAlertSink webhookSink() {
    return new WebhookAlertSink(client, HttpUrl.get(webhook.url("/hook")), null);
  }

  private static EmailAlertSink email(int port) throws Exception {
    return new EmailAlertSink(new SmtpSettings("127.0.0.1", port, null, null, false, false,
        new InternetAddress("alerts@policy.test"), List.of(new InternetAddress("privacy@team.test")),
        Duration.ofSeconds(5)), new EmailRenderer("https://monitor.example.com"));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private AlertsService service(AlertsTopics topics, List<AlertSink> sinks, SimpleMeterRegistry registry) {
    KAFKA.createTopics(topics.definitions());
    List<AlertsService.Channel> channels = sinks.stream().map(s -> new AlertsService.Channel(s,
        RoutingRules.defaults(Severity.LOW).policyFor(s.channel()))).toList();
    return new AlertsService(new AlertsService.Settings(KAFKA.clients(), "outage-" + UUID.randomUUID(), topics,
        retry, false, Duration.ofSeconds(30)), channels, registry, clock, sleeper);
  }

  private static void send(String topic, List<Change> changes) throws Exception {
    try (KafkaProducer<String, String> producer = KAFKA.clients().producer("outage-writer", new StringSerializer(),
        new StringSerializer())) {
      for (Change c : changes) {
        producer.send(new ProducerRecord<>(topic, c.key(), Json.mapper().writeValueAsString(c))).get();
      }
    }
  }

  private static List<DeadLetter> deadLetters(String topic, int atLeast) throws Exception {
    List<DeadLetter> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = KAFKA.clients().consumer("outage-reader", "reader-"
        + UUID.randomUUID(), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          out.add(Json.mapper().readValue(r.value(), DeadLetter.class));
        }
      }
    }
    return out;
  }

  private static Map<String, Health> health(AlertsService service) {
    return service.health().stream().collect(Collectors.toMap(HealthIndicator::name, HealthIndicator::health));
  }

  private static double count(SimpleMeterRegistry registry, String channel, AlertMetrics.Outcome outcome) {
    return registry.get(AlertMetrics.DELIVERIES).tags("channel", channel, "outcome", outcome.tag()).counter().count();
  }

  @Test
  void shouldRetryDeadLetterAndRedriveEveryAlertOfAWebhookAnd500sAndAnSmtpServerThatRefusesConnections()
      throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-outage500");
    webhook.answerAlways(Answer.status(500).withBody("upstream down"));
    int refusing = closedPort();
    List<Change> changes = IntStream.range(0, 4).mapToObj(SinkOutageTest::change).toList();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Change afterTheOutage = change(99);

    try (CapturedLogs logs = CapturedLogs.of(Level.INFO, ChannelHealth.class.getName());
        AlertsService service = service(topics, List.of(webhookSink(), email(refusing)), registry)) {
      service.start();
      send(topics.changes(), changes);

      List<DeadLetter> letters = deadLetters(topics.deadLetters(), 8);
      assertThat(letters).hasSize(8);
      await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "email", AlertMetrics.Outcome.DEAD_LETTERED)
          == 4.0 && count(registry, "webhook", AlertMetrics.Outcome.DEAD_LETTERED) == 4.0);
      assertThat(letters).filteredOn(l -> l.channel().equals("webhook")).hasSize(4)
          .allSatisfy(l -> assertThat(l.error()).contains("webhook answered 500"));
      assertThat(letters).filteredOn(l -> l.channel().equals("email")).hasSize(4)
          .allSatisfy(l -> assertThat(l.error()).contains("cannot connect to SMTP server 127.0.0.1:" + refusing));
      // retried with backoff on fake time (1, 2, 4, 8 s), the first alert of each channel up to its last attempt;
      // then each channel is paused and the next alerts go to the dead-letter queue at once
      assertThat(Duration.between(Instant.parse("2026-11-30T09:00:00Z"), clock.instant()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2 * (1 + 2 + 4 + 8) * 9 / 10));
      assertThat(logs.messages(Level.WARN)).as("one warning per channel, not one per alert").hasSize(2)
          .contains("vendor=- document=- webhook: webhook answered 500")
          .anySatisfy(m -> assertThat(m).startsWith("vendor=- document=- email: cannot connect to SMTP server "
              + "127.0.0.1:" + refusing + ": Connection refused"));
      assertThat(health(service).get("alerts.channel.webhook").status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(health(service).get("alerts.channel.email").text())
          .startsWith("DEGRADED: cannot connect to SMTP server").contains("5 failed attempt(s) since 2026-11-30T09:00");
      assertThat(health(service).get("alerts.consumer").status()).isEqualTo(Health.Status.UP);

      // the webhook works again: the next alert goes through and the channel is up again
      webhook.answerAlways(Answer.ok());
      clock.advance(Duration.ofMinutes(2));
      send(topics.changes(), List.of(afterTheOutage));
      await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "webhook", AlertMetrics.Outcome.DELIVERED)
          == 1.0);
      assertThat(health(service).get("alerts.channel.webhook")).isEqualTo(Health.up());
      assertThat(logs.messages(Level.INFO)).anySatisfy(m -> assertThat(m).startsWith(
          "vendor=- document=- webhook: delivering again, after"));
      await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "email", AlertMetrics.Outcome.DEAD_LETTERED)
          == 5.0);
    }

    // the operator points email at a working server and re-drives: every dead letter is delivered once
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Redriver redriver = new Redriver(KAFKA.clients(), topics, List.of(webhookSink(), email(SMTP.getSmtp().getPort())),
        retry, new SimpleMeterRegistry(), clock, new PrintStream(printed, true, StandardCharsets.UTF_8));
    Redriver.Summary summary = redriver.redrive(Optional.empty());
    assertThat(summary).isEqualTo(new Redriver.Summary(9, 0, 0, 0));
    assertThat(summary.leftUndelivered()).isFalse();
    assertThat(redriver.redrive(Optional.empty())).as("a second redrive sends nothing")
        .isEqualTo(new Redriver.Summary(0, 0, 0, 9));

    // the counts match: each change once per channel
    List<String> ids = new ArrayList<>(changes.stream().map(Change::changeId).toList());
    ids.add(afterTheOutage.changeId());
    for (String id : ids) {
      long delivered = webhook.requests().stream().skip(webhook.requestCount() - 5L)
          .filter(r -> r.bodyText().contains(id)).count();
      assertThat(delivered).as("webhook deliveries of %s after the outage", id).isEqualTo(1);
    }
    assertThat(SMTP.getReceivedMessages()).hasSize(5);
    assertThat(SMTP.getReceivedMessages()).extracting(m -> m.getHeader("X-Policy-Monitor-Delivery")[0])
        .containsExactlyInAnyOrderElementsOf(ids);
    try (KafkaProducer<byte[], byte[]> producer = KAFKA.clients().producer("outage-check", new ByteArraySerializer(),
            new ByteArraySerializer());
        DeliveryLog log = DeliveryLog.open(KAFKA.clients(), topics, producer)) {
      log.catchUp(Duration.ofSeconds(30));
      for (String id : ids) {
        assertThat(log.contains("webhook", id)).as("webhook %s", id).isTrue();
        assertThat(log.contains("email", id)).as("email %s", id).isTrue();
      }
    }
  }

  @Test
  void shouldWaitWhatA429AsksThroughMinutesAndDeadLetterOnlyWhenTheAttemptsRunOut() throws Exception {
    AlertsTopics topics = AlertsTopics.suffixed("-outage429");
    webhook.answerAlways(Answer.status(429).withHeader("Retry-After", "120"));
    List<Change> changes = IntStream.range(10, 12).mapToObj(SinkOutageTest::change).toList();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (AlertsService service = service(topics, List.of(webhookSink()), registry)) {
      service.start();
      send(topics.changes(), changes);
      assertThat(deadLetters(topics.deadLetters(), 2)).hasSize(2)
          .allSatisfy(l -> assertThat(l.attempts()).isEqualTo(retry.maxAttempts()));
      await().atMost(Duration.ofSeconds(30)).until(() ->
          count(registry, "webhook", AlertMetrics.Outcome.DEAD_LETTERED) == 2.0);
      assertThat(health(service).get("alerts.channel.webhook").text()).startsWith("DEGRADED: webhook answered 429");
    }
    // a rate limit is not an outage: every alert got all its attempts, each wait as long as allowed (the longest
    // backoff caps the server's two minutes)
    assertThat(webhook.requestCount()).isEqualTo(2 * retry.maxAttempts());
    assertThat(sleeper.delays()).hasSize(2 * (retry.maxAttempts() - 1)).allSatisfy(d -> assertThat(d)
        .isBetween(retry.maxBackoff().multipliedBy(9).dividedBy(10), retry.maxBackoff().multipliedBy(11)
            .dividedBy(10)));

    webhook.answerAlways(Answer.ok());
    Redriver.Summary summary = new Redriver(KAFKA.clients(), topics, List.of(webhookSink()), retry,
        new SimpleMeterRegistry(), clock, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .redrive(Optional.empty());
    assertThat(summary).isEqualTo(new Redriver.Summary(2, 0, 0, 0));
    assertThat(webhook.requestCount()).isEqualTo(2 * retry.maxAttempts() + 2);
  }
}
