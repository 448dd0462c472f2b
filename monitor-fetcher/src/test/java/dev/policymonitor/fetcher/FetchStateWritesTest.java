package dev.policymonitor.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a check writes to {@code policy-fetch-state} on the broker: a page that did not change (304, or the same
 * bytes with the same validators) writes nothing, so a steady-state check is an HTTP exchange and a digest.
 */
class FetchStateWritesTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  private static final String PAGE = "<html><body><p>We respect your privacy.</p></body></html>";

  @StartStop final MockWebServer server = new MockWebServer();

  private final FetcherConfig config = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .retries(1, Duration.ofMillis(20), Duration.ofMillis(100)).allowPrivateTargets(true).build(); // local site

  private static MockResponse page(String body, String etag) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
        .setHeader("ETag", etag).body(body).build();
  }

  @Test
  void shouldWriteTheFetchStateOnlyWhenSomethingMoved() {
    KAFKA.createTopics(List.of(FetchStateStore.TOPIC));
    Target target = new Target("acme", "Acme", DocumentDeclaration.of("privacy-policy", server.url("/p").toString()),
        Duration.ofHours(1));
    server.enqueue(page(PAGE, "\"v1\""));
    // a server that ignores If-None-Match: the same bytes and validators again
    server.enqueue(page(PAGE, "\"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).setHeader("ETag", "\"v1\"").build());
    // the same bytes under a new validator: remembered, so the next conditional GET sends it
    server.enqueue(page(PAGE, "\"v2\""));
    server.enqueue(page(PAGE + "<p>We now sell it.</p>", "\"v3\""));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FetchStateStore state = new FetchStateStore(KAFKA.clients());
        FetcherService service = new FetcherService(new PoliteFetcher(new PolicyFetcher(HttpClients.create(config),
            config.userAgent(), config.maxBodyBytes(), Clock.systemUTC()),
            new HostRateLimiter(config.hostRequests(), config.hostPeriod()), config), new RecordingSink(), state,
            Meters.bound(new FetcherMetrics(Clock.systemUTC()), registry), config, Clock.systemUTC(), line -> { },
            FirstSightListener.NONE, new ManualScheduler())) {
      for (int i = 0; i < 5; i++) {
        service.check(target);
      }
      state.flush();
    }

    assertThat(registry.find("policy.fetch.checks").tag("outcome", FetcherMetrics.UNCHANGED).counter().count())
        .isEqualTo(2);
    assertThat(registry.find("policy.fetch.checks").tag("outcome", FetcherMetrics.NOT_MODIFIED).counter().count())
        .isEqualTo(1);
    List<String> written = fetchStateRecords();
    // first fetch, the new validator, the new bytes; nothing for the unchanged 200 and the 304
    assertThat(written).hasSize(3);
    assertThat(written.get(0)).contains("\\\"v1\\\"");
    assertThat(written.get(1)).contains("\\\"v2\\\"");
    assertThat(written.get(2)).contains("\\\"v3\\\"");
  }

  private static List<String> fetchStateRecords() {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = KAFKA.clients().consumer("fetch-state-reader", null,
        new StringDeserializer(), new StringDeserializer(), Map.of())) {
      List<TopicPartition> partitions = consumer.partitionsFor(FetchStateStore.TOPIC.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
