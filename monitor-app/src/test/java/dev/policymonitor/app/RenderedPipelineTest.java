package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.model.Version;
import dev.policymonitor.testing.Chromium;
import dev.policymonitor.testing.ScriptedSite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy whose text a script writes into the page, end to end in one JVM (embedded broker, fetcher with its
 * headless Chromium, topology, alerts, web): the same page as {@code render: browser} (acme), with no setting
 * (initech: the automatic fallback) and as {@code render: static} (globex: the plain fetch is a JavaScript shell).
 */
class RenderedPipelineTest {
  private static final String CHANGED = "We may share usage statistics with our advertising partners.";

  @Test
  void shouldTrackAScriptRenderedPolicyFirstAndChangedWhilePlainFetchingSeesAShell(@TempDir Path state)
      throws Exception {
    Path chromium = Chromium.require();
    try (ScriptedSite site = new ScriptedSite()) {
      String url = site.url("/policy");
      VendorsConfig vendors = new VendorsConfig(Duration.ofMillis(500), List.of(
          vendor("acme", new DocumentDeclaration("privacy-policy", url, List.of(Selector.css("main")), null, null,
              RenderMode.BROWSER, null)),
          vendor("initech", DocumentDeclaration.of("privacy-policy", url)),
          vendor("globex", new DocumentDeclaration("privacy-policy", url, null, null, null, RenderMode.STATIC,
              null))));
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      Map<String, String> env = Map.of(FetcherConfig.HOST_INTERVAL.name(), "PT0.1S",
          RenderSettings.CHROMIUM_ENV, chromium.toString(), RenderSettings.TIMEOUT_ENV, "PT15S",
          FetcherConfig.ALLOW_PRIVATE_TARGETS.name(), "true"); // the site is local
      List<Change> changes = new ArrayList<>();
      List<Version> versions = new ArrayList<>();
      try (Pipeline pipeline = Launch.all(MonitorSettings.of(env)).stateDir(state).vendors(vendors)
          .start(new PrintStream(console, true, StandardCharsets.UTF_8));
          KafkaConsumer<String, Change> changeConsumer = consumer(pipeline, Topics.CHANGES.name(),
              Topics.CHANGES.valueSerde().deserializer());
          KafkaConsumer<String, Version> versionConsumer = consumer(pipeline, Topics.VERSIONS.name(),
              Topics.VERSIONS.valueSerde().deserializer())) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          changeConsumer.poll(Duration.ofMillis(200)).forEach(r -> changes.add(r.value()));
          return find(changes, "acme", ChangeKind.FIRST).isPresent() && find(changes, "initech", ChangeKind.FIRST)
              .isPresent() && find(changes, "globex", ChangeKind.EXTRACTION_FAILED).isPresent();
        });

        assertThat(find(changes, "globex", ChangeKind.EXTRACTION_FAILED).orElseThrow().reasons())
            .anySatisfy(r -> assertThat(r).contains("JavaScript shell"));
        for (String vendor : List.of("acme", "initech")) {
          Change first = find(changes, vendor, ChangeKind.FIRST).orElseThrow();
          await().atMost(Duration.ofSeconds(30)).until(() -> {
            versionConsumer.poll(Duration.ofMillis(200)).forEach(r -> versions.add(r.value()));
            return versions.stream().anyMatch(v -> v.key().equals(first.key()) && v.textDigest().equals(first.digest()));
          });
          Version v = versions.stream().filter(x -> x.key().equals(first.key()) && x.textDigest().equals(first.digest()))
              .findFirst().orElseThrow();
          assertThat(v.text()).as("%s's first version", vendor).contains(ScriptedSite.INTRO).contains(site.sentence);
          assertThat(v.rendered()).isEqualTo(vendor.equals("acme") ? Rendering.DECLARED : Rendering.FALLBACK);
        }

        site.sentence = CHANGED;
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          changeConsumer.poll(Duration.ofMillis(200)).forEach(r -> changes.add(r.value()));
          return find(changes, "acme", ChangeKind.CHANGED).isPresent()
              && find(changes, "initech", ChangeKind.CHANGED).isPresent();
        });
        for (String vendor : List.of("acme", "initech")) {
          Change changed = find(changes, vendor, ChangeKind.CHANGED).orElseThrow();
          assertThat(Stream.concat(changed.added().stream(), changed.modified().stream().map(Modification::after)))
              .as("%s's changed event", vendor).anySatisfy(s -> assertThat(s).contains(CHANGED));
        }

        assertThat(document(pipeline, "acme").path("rendering").asText()).isEqualTo("declared");
        assertThat(document(pipeline, "initech").path("rendering").asText()).isEqualTo("fallback");
        assertThat(document(pipeline, "initech").path("health").asText()).isEqualTo("ok");
        assertThat(document(pipeline, "globex").path("rendering").isMissingNode()
            || document(pipeline, "globex").path("rendering").isNull()).isTrue();
      }
      assertThat(site.plainHits("/policy")).as("acme is never fetched plainly; initech once; globex always")
          .isGreaterThanOrEqualTo(2);
    }
  }

  private static VendorConfig vendor(String id, DocumentDeclaration d) {
    return new VendorConfig(id, null, null, List.of(d));
  }

  private static Optional<Change> find(List<Change> changes, String vendor, ChangeKind kind) {
    return changes.stream().filter(c -> c.vendor().equals(vendor) && c.kind() == kind).findFirst();
  }

  private static JsonNode document(Pipeline pipeline, String vendor) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(pipeline.httpUrl() + "api/documents/" + vendor + "/privacy-policy")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static <V> KafkaConsumer<String, V> consumer(Pipeline pipeline, String topic, Deserializer<V> values) {
    KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.clients().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "rendered-pipeline-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
