package dev.policymonitor.web.vendors;

import static dev.policymonitor.web.vendors.VendorsFixture.EDITOR;
import static dev.policymonitor.web.vendors.VendorsFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector preview: a live URL fetched through the fetcher's own client and host budget, the stored snapshot of
 * a tracked document, and the ignore rules run over a document's kept changes.
 */
class VendorPreviewApiTest {
  static final String PAGE = "<html lang=\"en\"><body><nav>Home | Blog</nav><main id=\"policy\">"
      + "<h1>Privacy Policy</h1><p>We collect your name and email address. We never sell customer data.</p>"
      + "<p class=\"reviewed\">Last reviewed by Alice.</p></main><footer>(c) Acme</footer></body></html>";
  private static final FetcherConfig FAST = FetcherConfig.builder().hostRate(100, Duration.ofSeconds(1))
      .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
      .allowPrivateTargets(true).build(); // MockWebServer listens on loopback

  @TempDir Path dir;
  @StartStop final MockWebServer site = new MockWebServer();
  private VendorsFixture web;

  @AfterEach
  void stop() {
    if (web != null) {
      web.close();
    }
  }

  private void serve(FetcherConfig config) throws Exception {
    site.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().equals("/gone")) {
          return new MockResponse.Builder().code(404).body("not here").build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
            .body(PAGE).build();
      }
    });
    web = new VendorsFixture(dir, config);
  }

  private String entry(String path, String select) {
    return "{\"vendor\": \"acme\", \"type\": \"privacy-policy\", \"url\": \"" + site.url(path) + "\", \"select\": ["
        + select + "], \"remove\": [\"nav\"], \"ignore\": [\"Last reviewed by\"]}";
  }

  @Test
  void shouldPreviewALiveUrlFetchedByTheFetchersClientWithItsHealth() throws Exception {
    serve(FAST);

    VendorsFixture.Answer ok = web.send("POST", "/api/preview", entry("/privacy", "\"main#policy\""), EDITOR);

    assertThat(ok.status()).isEqualTo(200);
    JsonNode p = ok.json().get("preview");
    assertThat(ok.json().get("fetched").asBoolean()).isTrue();
    assertThat(ok.json().get("status").asInt()).isEqualTo(200);
    assertThat(p.get("healthy").asBoolean()).isTrue();
    assertThat(p.get("text").asText()).contains("# Privacy Policy", "We never sell customer data.")
        .doesNotContain("Home", "(c) Acme");
    assertThat(p.get("sentences").asInt()).isEqualTo(4);
    assertThat(p.get("characters").asInt()).isEqualTo(p.get("text").asText().strip().length());
    assertThat(p.at("/selectors/0/selector").asText()).isEqualTo("main#policy");
    assertThat(p.at("/selectors/0/matches").asInt()).isEqualTo(1);
    assertThat(p.at("/ignored/0/count").asInt()).isEqualTo(1);
    assertThat(p.at("/ignored/0/sentences/0").asText()).isEqualTo("Last reviewed by Alice.");
    assertThat(site.takeRequest().getHeaders().get("User-Agent")).isEqualTo(FAST.userAgent());

    JsonNode missed = web.send("POST", "/api/preview", entry("/privacy", "\"article.policy\""), EDITOR).json();
    assertThat(missed.at("/preview/healthy").asBoolean()).isFalse();
    assertThat(missed.at("/preview/problems/0").asText()).contains("article.policy").contains("matched nothing");
    assertThat(missed.at("/preview/selectors/0/matches").asInt()).isZero();

    JsonNode gone = web.send("POST", "/api/preview", entry("/gone", "\"main\""), EDITOR).json();
    assertThat(gone.get("fetched").asBoolean()).isFalse();
    assertThat(gone.at("/error/kind").asText()).isEqualTo("http-4xx");
    assertThat(gone.at("/error/status").asInt()).isEqualTo(404);

    int requests = site.getRequestCount();
    VendorsFixture.Answer invalid = web.send("POST", "/api/preview", entry("/privacy", "\"main >\""), EDITOR);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.field()).isEqualTo("select[0]");
    assertThat(site.getRequestCount()).as("invalid rules fetch nothing").isEqualTo(requests);
  }

  @Test
  void shouldAnswer429WhenTheHostsPolitenessBudgetIsSpent() throws Exception {
    serve(FAST.toBuilder().hostRate(1, Duration.ofHours(1)).build());

    assertThat(web.send("POST", "/api/preview", entry("/privacy", "\"main\""), EDITOR).status()).isEqualTo(200);
    VendorsFixture.Answer busy = web.send("POST", "/api/preview", entry("/privacy", "\"main\""), EDITOR);

    assertThat(busy.status()).isEqualTo(429);
    assertThat(busy.error()).contains("politeness budget");
    assertThat(busy.response().headers().firstValue("Retry-After")).isPresent();
    assertThat(site.getRequestCount()).isEqualTo(1);
  }

  @Test
  void shouldPreviewRulesOnTheStoredSnapshotAgainstTheCurrentVersion() throws Exception {
    serve(FAST);
    assertThat(web.get("/api/vendors/acme/privacy-policy/preview", VIEWER).status()).isEqualTo(404);
    web.send("PUT", "/api/vendors/acme/privacy-policy", "{\"url\": \"https://acme.example/privacy\"}", EDITOR);
    web.capture(snapshot(PAGE, Instant.parse("2026-01-01T00:00:00Z")));

    JsonNode whole = web.get("/api/vendors/acme/privacy-policy/preview?select=main%23policy&remove=nav", VIEWER)
        .json();
    JsonNode shrunk = web.get("/api/vendors/acme/privacy-policy/preview?select=" + enc("p.reviewed"), VIEWER).json();

    assertThat(whole.get("source").asText()).isEqualTo("snapshot");
    assertThat(whole.get("capturedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(whole.at("/preview/healthy").asBoolean()).isTrue();
    assertThat(whole.at("/preview/text").asText()).contains("We never sell customer data.");
    assertThat(shrunk.at("/preview/healthy").asBoolean()).isFalse();
    assertThat(shrunk.at("/preview/problems/0").asText()).contains("shrank from");
    assertThat(shrunk.at("/preview/previousCharacters").asInt()).isGreaterThan(shrunk.at("/preview/characters").asInt());
    assertThat(site.getRequestCount()).as("a stored snapshot needs no fetch").isZero();
    VendorsFixture.Answer bad = web.get("/api/vendors/acme/privacy-policy/preview?select=" + enc("main >"), VIEWER);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.field()).isEqualTo("select[0]");
  }

  @Test
  void shouldListTheChangesIgnoreRulesWouldHaveSilenced() throws Exception {
    serve(FAST);
    web.send("PUT", "/api/vendors/acme/privacy-policy", "{\"url\": \"https://acme.example/privacy\"}", EDITOR);
    web.capture(snapshot(PAGE, Instant.parse("2026-01-01T00:00:00Z")));
    web.capture(snapshot(PAGE.replace("Alice", "Bob"), Instant.parse("2026-01-02T00:00:00Z")));
    web.capture(snapshot(PAGE.replace("Alice", "Carol").replace("We never sell customer data.",
        "We may sell customer data."), Instant.parse("2026-01-03T00:00:00Z")));

    VendorsFixture.Answer answer = web.get("/api/vendors/acme/privacy-policy/ignore-preview?text="
        + enc("last reviewed by"), VIEWER);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("checked").asInt()).as("two changes after the first version").isEqualTo(2);
    assertThat(answer.json().get("silencedAlerts").asInt()).isEqualTo(1);
    JsonNode silenced = answer.json().get("silenced");
    assertThat(silenced).hasSize(1);
    assertThat(silenced.at("/0/capturedAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(silenced.at("/0/alerted").asBoolean()).isTrue();
    assertThat(silenced.at("/0/examples/0").asText()).isEqualTo("Last reviewed by Alice. → Last reviewed by Bob.");

    VendorsFixture.Answer bad = web.get("/api/vendors/acme/privacy-policy/ignore-preview?text=x&regex="
        + enc("(unclosed"), VIEWER);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.field()).isEqualTo("ignore[0]");
    assertThat(bad.error()).startsWith("request: ignore[0]: an ignore text needs at least 3 characters");
    assertThat(web.get("/api/vendors/acme/privacy-policy/ignore-preview", VIEWER).status()).isEqualTo(400);
  }

  private static Snapshot snapshot(String html, Instant at) {
    return new Snapshot("acme", "privacy-policy", "https://acme.example/privacy", SnapshotSource.LIVE, at, at, 200,
        "text/html", "UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
