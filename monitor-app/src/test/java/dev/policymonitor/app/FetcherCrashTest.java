package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.FetcherService;
import dev.policymonitor.fetcher.HostRateLimiter;
import dev.policymonitor.fetcher.PoliteFetcher;
import dev.policymonitor.fetcher.SnapshotPublisher;
import dev.policymonitor.fetcher.SnapshotSink;
import dev.policymonitor.fetcher.http.HttpClients;
import dev.policymonitor.fetcher.http.PolicyFetcher;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher dies between publishing a snapshot and recording its digest in {@code policy-fetch-state}: after the
 * restart it does not know it published the page, publishes it again, and the topology, which compares every
 * capture's digest with its latest version's, turns the duplicate into nothing. One edit, one {@code changed}.
 */
class FetcherCrashTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();
  private static final String POLICY = "<html><body><main><h1>Privacy Policy</h1>"
      + "<p>We collect your name and email address.</p>%s</main></body></html>";

  @StartStop final MockWebServer site = new MockWebServer();
  @TempDir Path stateDir;

  private final AtomicReference<String> page = new AtomicReference<>(POLICY.formatted(""));
  private final FetcherConfig config = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .allowPrivateTargets(true).build(); // the site is local

  /** Stands for the process dying: nothing after it runs. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated kill -9 after publishing a snapshot");
    }
  }

  /** Publishes for real, then dies once it is armed. */
  private static final class CrashingSink implements SnapshotSink {
    private final SnapshotPublisher publisher;
    private final AtomicBoolean armed = new AtomicBoolean();

    CrashingSink(SnapshotPublisher publisher) {
      this.publisher = publisher;
    }

    @Override
    public void publish(Snapshot snapshot) {
      publisher.publish(snapshot);
      if (armed.getAndSet(false)) {
        throw new SimulatedCrash();
      }
    }

    @Override
    public void publish(FetchError error) {
      publisher.publish(error);
    }
  }

  private FetcherService fetcher(SnapshotSink sink, FetchStateStore state) {
    PolicyFetcher http = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    return new FetcherService(new PoliteFetcher(http, new HostRateLimiter(100, Duration.ofSeconds(1)), config), sink,
        state, Meters.bound(new FetcherMetrics(Clock.systemUTC()), new SimpleMeterRegistry()), config,
        Clock.systemUTC(), line -> { });
  }

  @Test
  void shouldNotReportAChangeTwiceWhenTheFetcherDiesBeforeRecordingWhatItPublished() throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
    KafkaClients clients = KAFKA.clients();
    PipelineTopics.create(clients, MonitorSettings.of(java.util.Map.of()));
    Target target = new Target("crashco", null, DocumentDeclaration.of("privacy-policy",
        site.url("/privacy").toString()), Duration.ofHours(1));
    try (KafkaProducer<String, Target> targets = clients.producer("crash-targets", Topics.TARGETS.keySerde()
        .serializer(), Topics.TARGETS.valueSerde().serializer())) {
      targets.send(new ProducerRecord<>(Topics.TARGETS.name(), target.key().toString(), target)).get();
    }
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    List<Change> changes = new ArrayList<>();
    try (StreamsService streams = new StreamsService(clients, stateDir, "fetcher-crash-" + System.nanoTime(),
            overrides, DetectionSettings.defaults());
        KafkaConsumer<String, Change> consumer = clients.consumer("crash-reader", "crash-reader-" + UUID.randomUUID(),
            Topics.CHANGES.keySerde().deserializer(), Topics.CHANGES.valueSerde().deserializer())) {
      streams.start(Duration.ofSeconds(90));
      consumer.subscribe(List.of(Topics.CHANGES.name()));

      // the first fetcher process: the first version, then an edit it publishes and dies on
      try (SnapshotPublisher publisher = new SnapshotPublisher(clients);
          FetchStateStore state = new FetchStateStore(clients)) {
        CrashingSink sink = new CrashingSink(publisher);
        FetcherService before = fetcher(sink, state);
        assertThat(before.check(target)).isInstanceOf(FetchResult.Fetched.class);
        page.set(POLICY.formatted("<p>We share your email address with advertisers.</p>"));
        sink.armed.set(true);
        assertThatThrownBy(() -> before.check(target)).isInstanceOf(SimulatedCrash.class);
      }

      // the restarted process reads the fetch state back: it knows the first version only
      try (SnapshotPublisher publisher = new SnapshotPublisher(clients);
          FetchStateStore state = new FetchStateStore(clients)) {
        state.reload();
        FetcherService after = fetcher(publisher, state);
        assertThat(after.check(target)).as("published again: the state never recorded it")
            .isInstanceOf(FetchResult.Fetched.class);
        page.set(POLICY.formatted("<p>We share your email address with advertisers.</p>"
            + "<p>We keep your data for two years.</p>"));
        assertThat(after.check(target)).isInstanceOf(FetchResult.Fetched.class);
      }

      // the last edit's change comes after the duplicate's place in the partition: all is in once it is
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> changes.add(r.value()));
        assertThat(changes.stream().filter(c -> c.kind() == ChangeKind.CHANGED).count()).isGreaterThanOrEqualTo(2);
      });
    }

    assertThat(changes).extracting(Change::kind).containsExactly(ChangeKind.FIRST, ChangeKind.CHANGED,
        ChangeKind.CHANGED);
    assertThat(changes.get(1).added()).containsExactly("We share your email address with advertisers.");
    assertThat(changes.get(2).added()).containsExactly("We keep your data for two years.");
  }
}
