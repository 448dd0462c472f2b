package dev.policymonitor.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.testing.TopologyHarness;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus of the normalizer, through the real topology: each snapshot gives either a version or an
 * {@code extraction-failed} change whose reason a person understands, at a bounded cost (the caps: jsoup's 512-level
 * tree, texts up to 1,000,000 characters and 20,000 lines, PDFs up to 1000 pages and 64 MB of inflated streams), and
 * the document after them all is still processed. Each input is its own document, so none is judged against
 * another's text.
 * Prints, per input, what it produced. The fetcher's side of the corpus is {@code HostileInputFetcherTest}.
 */
class HostileInputTopologyTest {
  /** What the detector puts before the normalizer's one-line message. */
  private static final String FAILED = "extraction failed: cannot normalize: ";
  private static final String URL = "https://acme.example/privacy";
  private static final int MIB = 1024 * 1024;

  @TempDir Path stateDir;

  /** One hostile snapshot and what it must produce: a failure with this reason, or a version whose text passes. */
  private record Input(String name, String contentType, String charset, byte[] body, String reason,
      Consumer<String> text) {}

  private static Input failed(String name, String type, String charset, byte[] body, String reason) {
    return new Input(name, type, charset, body, reason, null);
  }

  private static Input version(String name, String type, String charset, byte[] body, Consumer<String> text) {
    return new Input(name, type, charset, body, null, text);
  }

  @Test
  void shouldTurnEveryHostileSnapshotIntoAReadableOutcomeAndGoOn() {
    List<Input> corpus = List.of(
        failed("empty body", "text/html", null, new byte[0], "empty body: the snapshot has no bytes"),
        failed("NUL bytes", "text/html", null, utf8("<p>a\0b</p>"),
            "binary content: NUL byte at offset 4 (content type text/html); not a text document"),
        failed("binary file (PNG) served as a page", "image/png", null, png(), "binary content:"),
        version("invalid UTF-8 (Latin-1 bytes declared UTF-8)", "text/html", "utf-8",
            "<p>Donn\u00e9es personnelles \u00e0 prot\u00e9ger</p>".getBytes(StandardCharsets.ISO_8859_1),
            text -> assertThat(text).isEqualTo("Donn\ufffdes personnelles \ufffd prot\ufffdger")),
        failed("unknown charset, bytes not UTF-8", "text/html", "x-klingon",
            "<p>Donn\u00e9es</p>".getBytes(StandardCharsets.ISO_8859_1),
            "unknown charset 'x-klingon' and the bytes are not UTF-8; cannot decode the snapshot"),
        version("unknown charset, UTF-8 bytes", "text/html", "no-such-charset", utf8("<p>Caf\u00e9 policy</p>"),
            text -> assertThat(text).isEqualTo("Caf\u00e9 policy")),
        version("charset from <meta>, header says none", "text/html", null,
            "<html><head><meta charset='windows-1252'></head><body><p>Donn\u00e9es \u20ac</p></body></html>"
                .getBytes(Charset.forName("windows-1252")), text -> assertThat(text).isEqualTo("Donn\u00e9es \u20ac")),
        failed("empty JavaScript shell", "text/html", null, utf8("<html><head><script src='/app.js'></script></head>"
            + "<body><div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript>"
            + "</body></html>"), "empty JavaScript shell page"),
        version("100,000 nested elements", "text/html", null,
            utf8("<div>".repeat(100_000) + "<p>Deep policy text.</p>" + "</div>".repeat(100_000)),
            text -> assertThat(text).isEqualTo("Deep policy text.")),
        failed("100,000 nested Markdown quotes", "text/markdown", null, utf8("> ".repeat(100_000) + "deep\n"),
            "the markdown document nests too deeply to be read"),
        version("10 MiB page (the fetcher's cap), mostly script", "text/html", null, scriptHeavyPage(10 * MIB - 1024),
            text -> assertThat(text).startsWith("# Privacy\n\nParagraph 0 says").endsWith("Paragraph 199 says we "
                + "collect what we need and no more.")),
        failed("10 MiB page (the fetcher's cap), all text", "text/html", null, textPage(10 * MIB - 1024),
            "the extracted text has 9,"),
        failed("25,000 one-word paragraphs", "text/html", null, utf8("<p>word</p>".repeat(25_000)),
            "the extracted text has 49,999 lines, more than the 20,000 a policy document is read up to"),
        failed("PDF bomb: arrays nested 100,000 deep", "application/pdf", null,
            HostileDocuments.pdfDeepNesting(100_000), "the pdf document nests too deeply to be read"),
        failed("PDF bomb: 100,000 pages", "application/pdf", null, HostileDocuments.pdfPages(100_000, 100_000),
            "the PDF has 100000 pages, more than the 1000 a policy document is read up to"),
        failed("PDF bomb: 1 page declaring 2,147,483,647", "application/pdf", null,
            HostileDocuments.pdfPages(1, Integer.MAX_VALUE),
            "the PDF has 2147483647 pages, more than the 1000 a policy document is read up to"),
        failed("PDF bomb: page tree that is its own kid", "application/pdf", null,
            HostileDocuments.pdfPageTreeCycle(), "no text extracted from the pdf document"),
        failed("PDF bomb: 256 MB in a deflate stream", "application/pdf", null, HostileDocuments.pdfFlateBomb(256),
            "the PDF's streams decompress to more than 64 MB; a decompression bomb is not read"),
        failed("not a PDF although it says so", "application/pdf", null, utf8("<p>hello</p>"),
            "content type says PDF but the bytes do not start with %PDF-"),
        version("the next ordinary page", "text/html", null,
            utf8("<main><h1>Privacy</h1><p>We collect your email.</p></main>"),
            text -> assertThat(text).isEqualTo("# Privacy\n\nWe collect your email.")));

    Map<String, Change> changes;
    Map<String, Version> versions;
    List<Long> millis = new ArrayList<>();
    try (TopologyHarness harness = new TopologyHarness(PolicyTopology.build(Clock.systemUTC()), stateDir)) {
      for (int i = 0; i < corpus.size(); i++) {
        harness.input(Topics.TARGETS).pipeInput("acme/" + document(i), new Target("acme", null,
            DocumentDeclaration.of(document(i), URL), Duration.ofHours(6)));
      }
      TestInputTopic<String, Snapshot> in = harness.input(Topics.SNAPSHOTS);
      for (int i = 0; i < corpus.size(); i++) {
        long started = System.nanoTime();
        pipe(in, document(i), corpus.get(i));
        millis.add((System.nanoTime() - started) / 1_000_000);
      }
      changes = harness.output(Topics.CHANGES).readValuesToList().stream()
          .collect(Collectors.toMap(Change::key, Function.identity(), (a, b) -> b));
      versions = harness.output(Topics.VERSIONS).readValuesToList().stream()
          .collect(Collectors.toMap(Version::key, Function.identity(), (a, b) -> b));
    }

    for (int i = 0; i < corpus.size(); i++) {
      Input input = corpus.get(i);
      Change change = changes.get("acme/" + document(i));
      Version version = versions.get("acme/" + document(i));
      String produced = version != null
          ? "version (" + (change == null ? "no change event" : change.kind().wire()) + "), "
              + version.text().length() + " chars: " + abbreviate(version.text())
          : change != null ? change.kind().wire() + ": " + String.join("; ", change.reasons()) : "nothing";
      System.out.printf("%-48s %,12d bytes %6d ms -> %s%n", input.name(), input.body().length, millis.get(i),
          produced);
    }
    for (int i = 0; i < corpus.size(); i++) {
      Input input = corpus.get(i);
      Change change = changes.get("acme/" + document(i));
      Version version = versions.get("acme/" + document(i));
      if (input.reason() != null) {
        assertThat(version).as(input.name()).isNull();
        assertThat(change).as(input.name()).isNotNull();
        assertThat(change.kind()).as(input.name()).isEqualTo(ChangeKind.EXTRACTION_FAILED);
        assertThat(change.reasons()).as(input.name()).singleElement().asString()
            .startsWith(FAILED + input.reason());
      } else {
        assertThat(version).as(input.name()).isNotNull();
        input.text().accept(version.text());
      }
    }
    assertThat(changes.get("acme/" + document(corpus.size() - 1))).as("the document after the corpus")
        .isNotNull().extracting(Change::kind).isEqualTo(ChangeKind.FIRST);
  }

  /** One document per input, so that no input is judged against another's text. */
  private static String document(int input) {
    return String.format("input-%02d", input + 1);
  }

  private static void pipe(TestInputTopic<String, Snapshot> in, String document, Input input) {
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    Snapshot s = new Snapshot("acme", document, URL, SnapshotSource.LIVE, at, at, 200, input.contentType(),
        input.charset(), null, input.body());
    in.pipeInput(s.key().toString(), s, at);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] png() {
    byte[] png = new byte[4096];
    new Random(42).nextBytes(png);
    png[0] = (byte) 0x89;
    png[1] = 'P';
    return png;
  }

  /** An HTML page of {@code bytes} of numbered paragraphs, the policy as text and nothing else. */
  private static byte[] textPage(int bytes) {
    StringBuilder page = new StringBuilder("<html><body><main><h1>Privacy</h1>");
    for (int n = 0; page.length() < bytes - 200; n++) {
      page.append(paragraph(n));
    }
    return utf8(page.append("</main></body></html>").toString());
  }

  /** An HTML page of {@code bytes}: 200 paragraphs of policy, the rest inline script (as bundlers make them). */
  private static byte[] scriptHeavyPage(int bytes) {
    StringBuilder main = new StringBuilder("<main><h1>Privacy</h1>");
    for (int n = 0; n < 200; n++) {
      main.append(paragraph(n));
    }
    main.append("</main></body></html>");
    StringBuilder page = new StringBuilder("<html><head><script>var chunk=[");
    String filler = "\"0123456789abcdef0123456789abcdef\",";
    while (page.length() + filler.length() < bytes - main.length() - 40) {
      page.append(filler);
    }
    return utf8(page.append("];</script></head><body>").append(main).toString());
  }

  private static String paragraph(int n) {
    return "<p>Paragraph " + n + " says we collect what we need and no more.</p>";
  }

  private static String abbreviate(String text) {
    String one = text.replace('\n', ' ');
    return one.length() <= 60 ? one : one.substring(0, 60) + "...";
  }
}
