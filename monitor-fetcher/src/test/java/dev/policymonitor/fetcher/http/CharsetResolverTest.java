package dev.policymonitor.fetcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The charset a snapshot is recorded with, on the issue-14 fixture (a UTF-8 page with one 0xFF byte in a comment). */
class CharsetResolverTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static byte[] fixture(String name) throws IOException {
    return Files.readAllBytes(Corpus.history("detection/charset-ff-in-comment").resolve(name));
  }

  @Test
  void shouldKeepTheDeclaredUtf8WhenOneByteInACommentIsInvalid() throws IOException {
    byte[] page = fixture("20250102T000000Z.html");
    assertThat(CharsetResolver.resolve("UTF-8", page)).isEqualTo("UTF-8");
    assertThat(CharsetResolver.resolve(null, page)).as("declared by <meta> only").isEqualTo("UTF-8");
    assertThat(CharsetResolver.resolve("utf-8", fixture("20250101T000000Z.html"))).isEqualTo("UTF-8");
  }

  @Test
  void shouldStillDetectALatin1PageMislabelledAsUtf8() throws IOException {
    String text = new String(fixture("20250101T000000Z.html"), StandardCharsets.UTF_8)
        .replace("<meta charset=\"utf-8\">", "");
    byte[] latin1 = text.getBytes(Charset.forName("windows-1252"));
    assertThat(CharsetResolver.resolve("UTF-8", latin1)).isIn("ISO-8859-1", "windows-1252");
  }

  @Test
  void shouldRecordUtf8AndTheContentLanguageOfAFetchedPage() throws IOException {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=UTF-8")
        .setHeader("Content-Language", "fr-FR, en").body(new Buffer().write(fixture("20250102T000000Z.html")))
        .build());
    FetcherConfig config = FetcherConfig.builder().timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(10)).allowPrivateTargets(true).build();
    PolicyFetcher fetcher = new PolicyFetcher(HttpClients.create(config), config.userAgent(), config.maxBodyBytes(),
        Clock.systemUTC());
    FetchResult result = fetcher.fetch(new Target("cityscoot", "Cityscoot",
        DocumentDeclaration.of("privacy-policy", server.url("/politique").toString()), Duration.ofHours(1)), null);

    Snapshot snapshot = ((FetchResult.Fetched) result).snapshot();
    assertThat(snapshot.charset()).isEqualTo("UTF-8");
    assertThat(snapshot.language()).isEqualTo("fr-FR");
    assertThat(snapshot.body()).isEqualTo(fixture("20250102T000000Z.html"));
  }
}
