package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PlacedTarget;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.model.Version;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed deployment: fetcher, streams and alerts as three separate service instances (what
 * {@code policy-monitor fetcher|streams|alerts --bootstrap-servers ...} start), joined only by a Kafka cluster.
 */
class SeparateServicesTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  private static final String POLICY = "<html><body><main><h1>Privacy Policy</h1>"
      + "<p>We collect your email address to send you receipts.</p></main></body></html>";
  private static final String ADDED = "We may sell your email address to data brokers.";

  @StartStop final MockWebServer site = new MockWebServer();
  @AutoClose final RecordingHttpEndpoint webhook = RecordingHttpEndpoint.start();
  private final AtomicReference<String> page = new AtomicReference<>(POLICY);

  @Test
  void shouldAlertOnAChangeWhenEachServiceRunsAloneAgainstTheCluster(@TempDir Path state) throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
    VendorsConfig vendors = new VendorsConfig(Duration.ofMillis(500), List.of(new VendorConfig("split", "Split", null,
        List.of(DocumentDeclaration.of("privacy-policy", site.url("/privacy").toString())))));
    ByteArrayOutputStream alertsConsole = new ByteArrayOutputStream();
    ByteArrayOutputStream otherConsole = new ByteArrayOutputStream();
    PrintStream alertsOut = new PrintStream(alertsConsole, true, StandardCharsets.UTF_8);
    PrintStream otherOut = new PrintStream(otherConsole, true, StandardCharsets.UTF_8);
    Settings settings = MonitorSettings.of(Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT0.2S",
        "POLICY_MONITOR_WEBHOOK_URL", webhook.url("/hooks/policy"), "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"));
    String bootstrap = KAFKA.bootstrapServers();

    try (Pipeline streams = Launch.of(EnumSet.of(Service.STREAMS), settings).cluster(bootstrap)
            .stateDir(state.resolve("streams")).vendors(vendors).start(otherOut);
        Pipeline alerts = Launch.of(EnumSet.of(Service.ALERTS), settings).cluster(bootstrap).start(alertsOut);
        Pipeline fetcher = Launch.of(EnumSet.of(Service.FETCHER), settings).cluster(bootstrap).vendors(vendors)
            .start(otherOut)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> alertsConsole.toString(StandardCharsets.UTF_8)
          .contains("split/privacy-policy now tracked"));
      page.set(POLICY.replace("</main>", "<p>" + ADDED + "</p></main>"));
      await().atMost(Duration.ofSeconds(90)).until(() -> alertsConsole.toString(StandardCharsets.UTF_8)
          .contains(ADDED));
      // the webhook channel gets the change too; "first" is console-only by default
      RecordingHttpEndpoint.Request delivered = webhook.awaitRequests(1, Duration.ofSeconds(30)).get(0);
      assertThat(delivered.path()).isEqualTo("/hooks/policy");
      assertThat(delivered.header("X-Policy-Monitor-Event")).isEqualTo("change");
      assertThat(delivered.bodyText()).contains(ADDED).contains("\"kind\":\"changed\"");

      assertThat(streams.clients().bootstrapServers()).isEqualTo(bootstrap);
      assertThat(fetcher.clients().bootstrapServers()).isEqualTo(bootstrap);
      // Processes without Kafka Streams still export their own Kafka clients' metrics.
      for (Pipeline service : List.of(fetcher, alerts)) {
        assertThat(service.registry().getMeters()).extracting(m -> m.getId().getName())
            .anyMatch(name -> name.startsWith("kafka.producer."))
            .anyMatch(name -> name.startsWith("kafka.consumer."));
      }
    }
    String printed = alertsConsole.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("bootstrap-servers: " + bootstrap).contains("alerts: console, webhook")
        .contains("split/privacy-policy changed");
    // Only the alerts instance prints alerts; the other two never started a broker of their own.
    assertThat(otherConsole.toString(StandardCharsets.UTF_8)).doesNotContain("ALERT")
        .contains("tracking split/privacy-policy");
  }

  @Test
  void shouldReadTheNextCaptureWithTheSelectorsOfVendorsAddWhenStreamsRunsApart(@TempDir Path state)
      throws IOException {
    String policy = "<html><body><div id=\"policy\"><h1>Privacy Policy</h1>"
        + "<p>We collect your email address to send you receipts.</p><p>We keep receipts for seven years.</p></div>"
        + "<div class=\"news\"><h2>News</h2><p>Read our newsletter for product updates every week.</p></div>"
        + "</body></html>";
    String added = "We share receipts with our accountants.";
    page.set(policy);
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
    String url = site.url("/rules").toString();
    VendorsConfig vendors = new VendorsConfig(Duration.ofMillis(500), List.of(new VendorConfig("rules", "Rules", null,
        List.of(DocumentDeclaration.of("privacy-policy", url)))));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Settings settings = MonitorSettings.of(Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT0.2S",
        "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"));
    String bootstrap = KAFKA.bootstrapServers();
    List<Version> versions = new ArrayList<>();
    List<Change> changes = new ArrayList<>();

    try (Pipeline streams = Launch.of(EnumSet.of(Service.STREAMS), settings).cluster(bootstrap)
            .stateDir(state.resolve("streams")).start(quiet);
        Pipeline fetcher = Launch.of(EnumSet.of(Service.FETCHER), settings).cluster(bootstrap).vendors(vendors)
            .start(quiet);
        KafkaConsumer<String, byte[]> out = KAFKA.clients().consumer("rules-reader", null, new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.VERSIONS.name(), Topics.CHANGES.name())) {
        out.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      out.assign(partitions);
      out.seekToBeginning(partitions);
      Runnable poll = () -> out.poll(Duration.ofMillis(200)).forEach(r -> {
        if (!"rules/privacy-policy".equals(r.key())) {
          return;
        }
        if (r.topic().equals(Topics.VERSIONS.name())) {
          versions.add(Topics.VERSIONS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        } else {
          changes.add(Topics.CHANGES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
      });
      // The vendors file has no selectors: the first version is the whole page, newsletter included.
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        poll.run();
        return !versions.isEmpty();
      });
      assertThat(versions.get(0).text()).contains("newsletter");

      // vendors add --select, against the cluster only: the separate streams service learns the rules.
      // vendors add reads the fetchers' vendors file for its allow-list: the local site is allowed there.
      Path vendorsFile = Files.writeString(state.resolve("vendors.yaml"), "allowTargets: [localhost]\n");
      int exit = PolicyMonitor.commandLine().execute("vendors", "add", "--bootstrap-servers", bootstrap,
          "--vendor", "rules", "--document", "privacy-policy", "--url", url, "--poll-interval", "1s",
          "--select", "#policy", "--config", vendorsFile.toString());
      assertThat(exit).isZero();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        PlacedTarget held = streams.streams().streams().store(StoreQueryParameters.fromNameAndType(
            PolicyTopology.TARGETS_STORE, QueryableStoreTypes.<String, PlacedTarget>keyValueStore()))
            .get("rules/privacy-policy");
        return held != null && !held.target().declaration().select().isEmpty();
      });
      page.set(policy.replace("</div><div class", "<p>" + added + "</p></div><div class"));

      await().atMost(Duration.ofSeconds(90)).until(() -> {
        poll.run();
        return versions.stream().anyMatch(v -> v.text().contains(added));
      });
    }
    Version next = versions.stream().filter(v -> v.text().contains(added)).findFirst().orElseThrow();
    assertThat(next.text()).contains("We collect your email address").doesNotContain("newsletter");
    // The old version was re-read with the new rules (a technical upgrade), so the change shows the edit only.
    assertThat(changes).extracting(Change::kind).containsSubsequence(ChangeKind.FIRST, ChangeKind.TECHNICAL_UPGRADE,
        ChangeKind.CHANGED);
    Change changed = changes.stream().filter(c -> c.kind() == ChangeKind.CHANGED).findFirst().orElseThrow();
    assertThat(changed.added()).containsExactly(added);
    assertThat(changed.removed()).isEmpty();
  }
}
