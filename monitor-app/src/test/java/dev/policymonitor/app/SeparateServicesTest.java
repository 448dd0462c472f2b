package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
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
    Map<String, String> env = Map.of("POLICY_MONITOR_HOST_INTERVAL", "PT0.2S",
        "POLICY_MONITOR_WEBHOOK_URL", webhook.url("/hooks/policy"));
    String bootstrap = KAFKA.bootstrapServers();

    try (Pipeline streams = Pipeline.start(bootstrap, state.resolve("streams"), 0, vendors,
            EnumSet.of(Service.STREAMS), otherOut, env);
        Pipeline alerts = Pipeline.start(bootstrap, state.resolve("alerts"), 0, vendors,
            EnumSet.of(Service.ALERTS), alertsOut, env);
        Pipeline fetcher = Pipeline.start(bootstrap, state.resolve("fetcher"), 0, vendors,
            EnumSet.of(Service.FETCHER), otherOut, env)) {
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
}
