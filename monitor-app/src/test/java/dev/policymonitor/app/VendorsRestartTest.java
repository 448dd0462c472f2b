package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors written through the web API survive a restart: the whole monitor in one JVM on the embedded broker, a
 * document of the vendors file edited from the web (new URL, selector, ignore rule), a vendor added paused, the
 * process stopped and started again on the same state directory with the same vendors file. The web's edit wins
 * over the file's seed (the fetcher polls the new URL, never the file's), the paused vendor stays paused until it
 * is resumed, and who changed what is still there.
 */
class VendorsRestartTest {
  private static final String POLICY = "<html><body><main><h1>Privacy Policy</h1>"
      + "<p>We collect your email address to provide the service.</p></main></body></html>";

  @StartStop final MockWebServer site = new MockWebServer();
  private final HttpClient http = HttpClient.newHttpClient();
  /** Every path the site served, with the run (1 or 2) that asked. */
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger run = new AtomicInteger(1);

  @Test
  void shouldKeepVendorsWrittenFromTheWebAcrossARestart(@TempDir Path state) throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(run.get() + " " + request.getUrl().encodedPath());
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
            .body(POLICY).build();
      }
    });
    VendorsConfig vendors = new VendorsConfig(Duration.ofHours(1), List.of(new VendorConfig("acme", "Acme", null,
        List.of(DocumentDeclaration.of("privacy-policy", site.url("/seeded").toString())))));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    var settings = MonitorSettings.of(Map.of(FetcherConfig.HOST_INTERVAL.name(), "PT0.2S",
        FetcherConfig.ALLOW_PRIVATE_TARGETS.name(), "true")); // the site is local

    try (Pipeline pipeline = Launch.all(settings).stateDir(state).vendors(vendors).start(out)) {
      URI base = URI.create(pipeline.httpUrl());
      await().atMost(Duration.ofSeconds(90)).until(() -> get(base, "/api/vendors/acme/privacy-policy"),
          d -> d != null);
      HttpResponse<String> edited = send(base, "PUT", "/api/vendors/acme/privacy-policy", "{\"url\": \""
          + site.url("/edited") + "\", \"select\": [\"main\"], \"pollInterval\": \"PT2S\", "
          + "\"ignore\": [\"Last reviewed by\"]}");
      assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
      HttpResponse<String> added = send(base, "POST", "/api/vendors", "{\"id\": \"globex\", \"name\": \"Globex\", "
          + "\"documents\": [{\"type\": \"terms\", \"url\": \"" + site.url("/globex") + "\", \"pollInterval\": "
          + "\"PT2S\", \"paused\": true}]}");
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.contains("1 /edited"));
    }

    run.set(2);
    try (Pipeline pipeline = Launch.all(settings).stateDir(state).vendors(vendors).start(out)) {
      URI base = URI.create(pipeline.httpUrl());
      JsonNode acme = await().atMost(Duration.ofSeconds(60))
          .until(() -> get(base, "/api/vendors/acme/privacy-policy"), d -> d != null);
      assertThat(acme.at("/declaration/url").asText()).as("the web's edit, not the file's seed")
          .isEqualTo(site.url("/edited").toString());
      assertThat(acme.at("/declaration/select/0").asText()).isEqualTo("main");
      assertThat(acme.at("/declaration/ignore/0/text").asText()).isEqualTo("Last reviewed by");
      assertThat(acme.get("pollInterval").asText()).isEqualTo("PT2S");
      assertThat(acme.get("origin").asText()).isEqualTo("web");
      assertThat(acme.get("updatedBy").asText()).as("the open server's principal").isEqualTo("local");
      JsonNode globex = get(base, "/api/vendors/globex/terms");
      assertThat(globex).isNotNull();
      assertThat(globex.at("/declaration/paused").asBoolean()).isTrue();

      // The fetcher polls the edited URL again after the restart; by then the seed and the paused one were not.
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.contains("2 /edited"));
      assertThat(requests).as("the file's seed did not come back; console:%n%s", console).doesNotContain("2 /seeded");
      assertThat(requests).as("paused since it was added").noneMatch(r -> r.endsWith(" /globex"));

      HttpResponse<String> resumed = send(base, "PATCH", "/api/vendors/globex/terms", "{\"paused\": false}");
      assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.contains("2 /globex"));
    }
  }

  private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(URI base, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
