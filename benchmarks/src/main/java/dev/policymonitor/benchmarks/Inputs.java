package dev.policymonitor.benchmarks;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.normalize.Normalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The inputs of the benchmarks, from the repository's test corpus ({@code testdata/corpus}): the seed policies, real
 * Open Terms Archive captures (ODC-BY, see the corpus attribution) and a PDF made from a seed text at setup.
 */
public final class Inputs {
  public static final String URL = "https://vendor.example/privacy";

  /** One input of the normalizer: bytes, content type and the declaration to extract with. */
  public record Page(String name, byte[] body, String contentType, DocumentDeclaration declaration) {
    public Snapshot snapshot(Instant at) {
      return new Snapshot("bench", "privacy-policy", URL, SnapshotSource.LIVE, at, at, 200, contentType, null, null,
          body);
    }
  }

  private Inputs() {}

  /** The repository's {@code testdata/corpus}, found above the working directory; {@code -Dpolicy.monitor.corpus}. */
  static final class Corpus {
    private Corpus() {}

    static Path root() {
      String override = System.getProperty("policy.monitor.corpus");
      if (override != null) {
        return Path.of(override);
      }
      for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
        if (Files.isDirectory(d.resolve("testdata/corpus")) && Files.isRegularFile(d.resolve("pom.xml"))) {
          return d.resolve("testdata/corpus");
        }
      }
      throw new IllegalStateException("testdata/corpus not found above " + Path.of("").toAbsolutePath()
          + "; run from the repository or set -Dpolicy.monitor.corpus=DIR");
    }

    static Path seeds() {
      return root().resolve("seeds");
    }

    static Path otaDemo(String service) {
      return root().resolve("ota-demo").resolve(service);
    }
  }

  /**
   * The normalizer input of a kind: {@code html-generic-18k} (a seed page, generic main-content extraction),
   * {@code html-generic-50k}, {@code html-generic-280k} (real OTA captures), {@code html-selectors-280k} (the
   * 280 KB capture with a selector), {@code markdown-22k}, {@code text-36k}, {@code pdf}.
   */
  public static Page page(String kind) {
    DocumentDeclaration generic = DocumentDeclaration.of("privacy-policy", URL);
    return switch (kind) {
      case "html-generic-18k" -> new Page(kind, bytes(Corpus.seeds().resolve("defensx-2021-12-01.html")),
          "text/html", generic);
      case "html-generic-50k" -> new Page(kind, bytes(Corpus.otaDemo("uptimerobot").resolve("20241024T003012Z.html")),
          "text/html", generic);
      case "html-generic-280k" -> new Page(kind, bytes(Corpus.otaDemo("github").resolve("20231017T123002Z.html")),
          "text/html", generic);
      case "html-selectors-280k" -> new Page(kind, bytes(Corpus.otaDemo("github").resolve("20231017T123002Z.html")),
          "text/html", new DocumentDeclaration("privacy-policy", URL, List.of(Selector.css("main")),
              List.of(Selector.css("nav")), List.of(), null, null));
      case "markdown-22k" -> new Page(kind, bytes(Corpus.seeds().resolve("corero-2018-10-28.md")), "text/markdown",
          generic);
      case "text-36k" -> new Page(kind, bytes(Corpus.seeds().resolve("microsec-sentences.txt")), "text/plain",
          generic);
      case "pdf" -> new Page(kind, pdf(text("microsec-sentences.txt")), "application/pdf", generic);
      default -> throw new IllegalArgumentException("unknown page kind " + kind);
    };
  }

  /** The normalized text of a seed file (generic extraction), as change detection stores it. */
  public static String seedText(String file) {
    Path p = Corpus.seeds().resolve(file);
    String type = file.endsWith(".md") ? "text/markdown" : file.endsWith(".txt") ? "text/plain" : "text/html";
    return new Normalizer().extract(bytes(p), type, null, URL, DocumentDeclaration.of("privacy-policy", URL)).text();
  }

  /** A version text of the OTA demo corpus (Open Terms Archive's own Markdown). */
  public static String otaVersion(String service, String file) {
    return new String(bytes(Corpus.otaDemo(service).resolve(file)), StandardCharsets.UTF_8);
  }

  /** {@code text} with one sentence edited near its middle: a small, real edit. */
  public static String smallEdit(String text) {
    int middle = text.indexOf(". ", text.length() / 2);
    if (middle < 0) {
      throw new IllegalStateException("no sentence end in the middle of the text");
    }
    return text.substring(0, middle) + ", and we keep it for no more than 90 days" + text.substring(middle);
  }

  /** {@code html} with a cache-busting script URL added: the HTML differs, the text does not. */
  public static String htmlNoise(String html, int n) {
    return html + "<script src=\"/assets/app.js?v=" + (1_767_225_600L + n) + "\"></script>";
  }

  /** {@code html} with one sentence added to the paragraph nearest its middle. */
  public static String htmlEdit(String html, int n) {
    int end = html.indexOf("</p>", html.length() / 2);
    if (end < 0) {
      throw new IllegalStateException("no paragraph in the second half of the page");
    }
    return html.substring(0, end) + " We may keep your data for " + (n * 10 + 90) + " more days." + html.substring(end);
  }

  static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String seed) {
    return new String(bytes(Corpus.seeds().resolve(seed)), StandardCharsets.UTF_8);
  }

  /** A PDF of {@code text}'s lines (the Latin-1 ones), 50 lines a page in Helvetica. */
  static byte[] pdf(String text) {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty())
          .filter(l -> l.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).toList();
      for (int start = 0; start < lines.size(); start += 50) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 9);
          content.setLeading(12);
          content.newLineAtOffset(40, 750);
          for (String line : lines.subList(start, Math.min(lines.size(), start + 50))) {
            content.showText(line.length() > 110 ? line.substring(0, 110) : line);
            content.newLine();
          }
          content.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
