package dev.policymonitor.app;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One vendor's privacy policy on a local server, whose text a test changes, and a reader of the changes. */
final class PolicySite {
  static final String POLICY = "<html><body><nav>Home</nav><main><h1>Privacy Policy</h1>"
      + "<p>We collect your name and email address to provide the service.</p>"
      + "<p>We never sell customer data.</p></main><footer>(c) Acme</footer></body></html>";
  static final String ADDED = "We may share usage statistics with our advertising partners.";

  private final AtomicReference<String> page = new AtomicReference<>(POLICY);
  private final MockWebServer server;

  PolicySite(MockWebServer server) {
    this.server = server;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(page.get()).build();
      }
    });
  }

  /**
   * The vendors file of the site: {@code acme/privacy-policy}, checked every half second; the site is local, so the
   * file allows its host past the fetcher's SSRF guard.
   */
  VendorsConfig vendors() {
    return new VendorsConfig(Duration.ofMillis(500), List.of(server.getHostName()), List.of(new VendorConfig("acme",
        "Acme", null,
        List.of(DocumentDeclaration.of("privacy-policy", server.url("/privacy").toString())))));
  }

  /** The policy gains {@link #ADDED}. */
  void change() {
    page.set(POLICY.replace("</main>", "<p>" + ADDED + "</p></main>"));
  }

  /** A reader of policy-changes from the start, with {@code clients}' settings. */
  static KafkaConsumer<String, Change> changes(KafkaClients clients) {
    String group = "changes-reader-" + System.nanoTime();
    KafkaConsumer<String, Change> consumer = clients.consumer(group, group, new StringDeserializer(),
        Topics.CHANGES.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.CHANGES.name()));
    return consumer;
  }

  static List<Change> poll(KafkaConsumer<String, Change> consumer, List<Change> into) {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> into.add(r.value()));
    return into;
  }
}
