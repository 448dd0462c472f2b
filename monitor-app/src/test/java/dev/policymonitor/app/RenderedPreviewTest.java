package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.render.RenderSettings;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.VendorsConfig;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector preview of a page whose policy a script writes, on the whole monitor in one JVM (its fetcher with
 * the headless Chromium): {@code render: browser} is previewed rendered, with the text the script wrote, through the
 * fetcher's own browser; {@code render: static} is previewed as the plain fetch sees it, a JavaScript shell that
 * change detection would refuse.
 */
class RenderedPreviewTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldPreviewABrowserRenderedDocumentRenderedAndAStaticOnePlainly(@TempDir Path state) throws Exception {
    Path chromium = Chromium.require();
    try (ScriptedSite site = new ScriptedSite()) {
      Map<String, String> env = Map.of(FetcherConfig.HOST_INTERVAL.name(), "PT0.1S",
          FetcherConfig.ALLOW_PRIVATE_TARGETS.name(), "true", // the site is local
          RenderSettings.CHROMIUM_ENV, chromium.toString(), RenderSettings.TIMEOUT_ENV, "PT15S");
      try (Pipeline pipeline = Launch.all(MonitorSettings.of(env)).stateDir(state)
          .vendors(new VendorsConfig(null, List.of()))
          .start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
        URI base = URI.create(pipeline.httpUrl());

        JsonNode rendered = preview(base, site.url("/policy"), "browser");
        assertThat(rendered.get("fetched").asBoolean()).as(rendered.toString()).isTrue();
        assertThat(rendered.get("rendered").asBoolean()).isTrue();
        assertThat(rendered.at("/preview/healthy").asBoolean()).isTrue();
        assertThat(rendered.at("/preview/text").asText()).contains(ScriptedSite.INTRO).contains(site.sentence);
        assertThat(site.browserHits("/policy")).isEqualTo(1);

        JsonNode plain = preview(base, site.url("/policy"), "static");
        assertThat(plain.get("rendered").asBoolean()).isFalse();
        assertThat(plain.at("/preview/healthy").asBoolean()).as("a JavaScript shell").isFalse();
        assertThat(plain.at("/preview/text").asText()).doesNotContain(site.sentence);
        assertThat(site.browserHits("/policy")).as("no second render").isEqualTo(1);
      }
    }
  }

  /** {@code POST /api/preview}, asked again while the host's politeness budget answers 429. */
  private JsonNode preview(URI base, String url, String render) {
    String body = "{\"vendor\": \"acme\", \"type\": \"privacy-policy\", \"url\": \"" + url + "\", "
        + "\"select\": [\"main\"], \"render\": \"" + render + "\"}";
    HttpResponse<String> answer = await().atMost(Duration.ofSeconds(60)).until(
        () -> http.send(HttpRequest.newBuilder(base.resolve("/api/preview")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()),
        r -> r.statusCode() != 429);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    try {
      return Json.mapper().readTree(answer.body());
    } catch (Exception e) {
      throw new AssertionError(answer.body(), e);
    }
  }
}
