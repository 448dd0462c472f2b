package dev.policymonitor.normalize;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns a snapshot into the canonical Markdown text of a version, the way Open Terms Archive does (parse, remove,
 * select, HTML to Markdown) plus noise removal, so that only a change of the policy's words changes the text.
 *
 * <p>Inputs: HTML/XHTML, Markdown, plain text, PDF (by content type, then URL extension, then sniffing). Stateless
 * and safe to share across threads. Bad input (empty, binary, undecodable, a selector that matched nothing, an
 * empty JavaScript shell) throws {@link ExtractionException} with a message meant for people.
 */
public final class Normalizer {
  /** Version of the rules; bumped whenever a rule changes the text of any input. */
  public static final String VERSION = "4";

  /**
   * The longest text a version may have. The longest policies run to a few hundred thousand characters; a text far
   * longer is a page that is not (only) a policy, and would cost the change detection minutes: it diffs and
   * classifies sentence by sentence (measured: a 10 MB text of short paragraphs against a short one ran over 19
   * minutes before it was stopped).
   */
  static final int MAX_TEXT_CHARS = 1_000_000;
  /** The most lines a version may have: the diff of two versions costs up to the product of their line counts. */
  static final int MAX_TEXT_LINES = 20_000;
  private static final String JS_SHELL = "empty JavaScript shell page";
  private static final Pattern FRONT_MATTER = Pattern.compile("\\A\\s*---\\r?\\n(?:[^\\n]*\\r?\\n){0,60}?---\\s*\\r?\\n");
  private static final List<org.commonmark.Extension> MARKDOWN_EXTENSIONS = List.of(TablesExtension.create());

  private final TextDecoder decoder = new TextDecoder();
  private final Parser markdownParser = Parser.builder().extensions(MARKDOWN_EXTENSIONS).build();
  private final HtmlRenderer markdownRenderer = HtmlRenderer.builder().extensions(MARKDOWN_EXTENSIONS).build();

  /** The canonical text of {@code snapshot} under {@code declaration}'s rules. */
  public Extraction extract(Snapshot snapshot, DocumentDeclaration declaration) {
    return extract(page(snapshot), declaration);
  }

  /**
   * {@code snapshot}'s bytes, to be read by {@link #markupDigest} and then, if need be,
   * {@link #extract(Page, DocumentDeclaration)}: the page is parsed once for both.
   */
  public Page page(Snapshot snapshot) {
    return Page.of(snapshot);
  }

  /** The canonical text of {@code page} under {@code declaration}'s rules, as {@link #extract(Snapshot, DocumentDeclaration)}. */
  public Extraction extract(Page page, DocumentDeclaration declaration) {
    try {
      return read(page, declaration);
    } catch (ExtractionException e) {
      if (page.rendered && e.getMessage().startsWith(JS_SHELL)) {
        // A snapshot marked rendered is the DOM after the page's scripts ran: say so rather than ask for a browser.
        throw new ExtractionException(e.getMessage().replaceFirst(": the document is declared render: browser.*$", "")
            + ": rendered in a headless browser, its scripts still wrote no text");
      }
      throw e;
    }
  }

  /**
   * A digest of what extraction under {@code declaration} can read of {@code page} ({@link MarkupDigest}): two pages
   * with the same digest, read with the same declaration and normalizer version, have the same text. Empty when it
   * cannot tell: not an HTML page, too little text, a declaration whose selectors look at scripts or styles, bytes
   * that cannot be read (extraction then says why).
   */
  public Optional<String> markupDigest(Page page, DocumentDeclaration declaration) {
    if (page.body == null || page.body.length == 0 || !MarkupDigest.appliesTo(declaration)) {
      return Optional.empty();
    }
    try {
      if (kindOf(page.body, page.contentType, page.url) != ContentKind.HTML
          || BinaryContent.reason(page.body, page.contentType).isPresent()) {
        return Optional.empty();
      }
      return MarkupDigest.of(page.peek(decoder), declaration, page.url, page.contentLanguage, page.rendered);
    } catch (ExtractionException | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /** Same as {@link #extract(Snapshot, DocumentDeclaration)} for bytes that are not (yet) a snapshot. */
  public Extraction extract(byte[] body, String contentType, String charset, String url,
      DocumentDeclaration declaration) {
    return extract(body, contentType, charset, null, url, declaration);
  }

  /**
   * Same as {@link #extract(Snapshot, DocumentDeclaration)}; {@code contentLanguage} is the server's
   * {@code Content-Language} (null when none).
   */
  public Extraction extract(byte[] body, String contentType, String charset, String contentLanguage, String url,
      DocumentDeclaration declaration) {
    return read(new Page(body, contentType, charset, contentLanguage, url, false), declaration);
  }

  private Extraction read(Page page, DocumentDeclaration declaration) {
    byte[] body = page.body;
    String contentType = page.contentType;
    String charset = page.charset;
    String url = page.url;
    List<String> warnings = new ArrayList<>();
    if (body == null || body.length == 0) {
      throw new ExtractionException("empty body: the snapshot has no bytes");
    }
    for (String filter : declaration.filters()) {
      warnings.add("filter '" + filter + "' skipped: policy-monitor cannot run Open Terms Archive JavaScript filters");
    }
    ContentKind kind = kindOf(body, contentType, url);
    if (kind != ContentKind.PDF) {
      rejectBinary(body, contentType);
    }
    String text;
    String[] pageLanguage = {null};
    try {
      switch (kind) {
        case PDF:
          text = PdfText.extract(body);
          break;
        case MARKDOWN:
          text = markdown(decoder.decode(body, charset, false, warnings), url);
          break;
        case TEXT:
          text = plain(decoder.decode(body, charset, false, warnings));
          break;
        default:
          text = html(page.take(decoder, warnings), declaration, pageLanguage);
          break;
      }
    } catch (StackOverflowError e) {
      // Parsers and writers recurse over nesting; a document nested deep enough (100,000 quotes or list levels,
      // PDF arrays) exhausts the stack. It is refused like any other unreadable input.
      throw new ExtractionException("the " + kind.name().toLowerCase(Locale.ROOT)
          + " document nests too deeply to be read");
    }
    text = TextCanonicalizer.tidy(text);
    if (text.isEmpty()) {
      throw new ExtractionException("no text extracted from the " + kind.name().toLowerCase(Locale.ROOT) + " document");
    }
    requireReadableSize(text);
    return new Extraction(text, warnings, language(text, pageLanguage[0], page.contentLanguage, warnings));
  }

  private static void requireReadableSize(String text) {
    if (text.length() > MAX_TEXT_CHARS) {
      throw new ExtractionException(String.format(Locale.ROOT, "the extracted text has %,d characters, more than the"
          + " %,d a policy document is read up to; a selector can pick the policy out of a bigger page",
          text.length(), MAX_TEXT_CHARS));
    }
    long lines = text.chars().filter(c -> c == '\n').count() + 1;
    if (lines > MAX_TEXT_LINES) {
      throw new ExtractionException(String.format(Locale.ROOT, "the extracted text has %,d lines, more than the %,d"
          + " a policy document is read up to; a selector can pick the policy out of a bigger page", lines,
          MAX_TEXT_LINES));
    }
  }

  /**
   * The page's declared language ({@code <html lang>}, else {@code Content-Language}), unless the text clearly
   * reads as another language (templates often keep {@code lang="en"} on translated pages); else the detected one.
   */
  private static String language(String text, String htmlLang, String contentLanguage, List<String> warnings) {
    java.util.Optional<String> declared = LanguageDetector.primary(htmlLang)
        .or(() -> LanguageDetector.primary(contentLanguage));
    java.util.Optional<String> detected = LanguageDetector.detect(text);
    if (declared.isPresent() && detected.isPresent() && !declared.equals(detected)) {
      warnings.add("the page declares language '" + declared.get() + "' but its text reads as '" + detected.get()
          + "'; using '" + detected.get() + "'");
      return detected.get();
    }
    return declared.or(() -> detected).orElse(null);
  }

  private static ContentKind kindOf(byte[] body, String contentType, String url) {
    ContentKind sniffed = ContentKind.sniff(body);
    if (sniffed == ContentKind.PDF) {
      return ContentKind.PDF;
    }
    ContentKind declared = ContentKind.fromContentType(contentType);
    if (declared == ContentKind.PDF) {
      throw new ExtractionException("content type says PDF but the bytes do not start with %PDF-");
    }
    if (declared != null) {
      return declared == ContentKind.TEXT && sniffed == ContentKind.HTML ? ContentKind.HTML : declared;
    }
    ContentKind named = ContentKind.fromName(url);
    if (named != null && named != ContentKind.PDF) {
      return named == ContentKind.TEXT && sniffed == ContentKind.HTML ? ContentKind.HTML : named;
    }
    return sniffed;
  }

  private static void rejectBinary(byte[] body, String contentType) {
    BinaryContent.reason(body, contentType).ifPresent(why -> {
      throw new ExtractionException(why);
    });
  }

  private String html(Document doc, DocumentDeclaration declaration, String[] pageLanguage) {
    Element root = doc.selectFirst(Css.of("html"));
    if (root != null) {
      String lang = root.hasAttr("lang") ? root.attr("lang") : root.attr("xml:lang");
      Element meta = doc.selectFirst(Css.of("meta[http-equiv~=(?i)content-language][content]"));
      pageLanguage[0] = !lang.isBlank() ? lang : meta == null ? null : meta.attr("content");
    }
    if (JavaScriptShell.is(doc)) {
      throw new ExtractionException(JS_SHELL + " (" + JavaScriptShell.visibleLength(doc)
          + " characters of text and " + doc.select(Css.of("script")).size() + " scripts)"
          + (declaration.render() == RenderMode.BROWSER
              ? ": the document is declared render: browser and this snapshot was not rendered" : ""));
    }
    Selection.remove(doc, declaration.remove());
    List<Element> parts;
    if (declaration.select().isEmpty()) {
      parts = MainContent.extract(doc, declaration.type());
    } else {
      parts = Selection.select(doc, declaration.select());
    }
    String text = MarkdownWriter.write(parts);
    if (text.isBlank() && !declaration.select().isEmpty()) {
      throw new ExtractionException("selector " + declaration.select() + " matched only empty elements");
    }
    return text;
  }

  /**
   * Whether these bytes are an HTML page whose text is written by scripts: the check extraction fails with
   * ("empty JavaScript shell page"), for the fetcher's decision to render a page in a browser instead. False for
   * anything that is not HTML (by content type, name or sniffing) or cannot be decoded.
   */
  public static boolean isJavaScriptShell(byte[] body, String contentType, String charset, String url) {
    if (body == null || body.length == 0) {
      return false;
    }
    try {
      if (kindOf(body, contentType, url) != ContentKind.HTML) {
        return false;
      }
      String html = new TextDecoder().decode(body, charset, true, new ArrayList<>());
      return !JavaScriptShell.withVisibleText(html) && JavaScriptShell.is(HtmlCleaner.parse(html, url));
    } catch (ExtractionException e) {
      return false;
    }
  }

  private String markdown(String source, String url) {
    String md = FRONT_MATTER.matcher(source).replaceFirst("");
    String html = markdownRenderer.render(markdownParser.parse(md));
    Document doc = HtmlCleaner.parse(html, url);
    return MarkdownWriter.write(List.of(doc.body()));
  }

  private static String plain(String source) {
    String t = TextCanonicalizer.canonical(source);
    List<String> paragraphs = new ArrayList<>();
    for (String para : t.split("\\n[ \\t]*\\n")) {
      String p = para.lines().map(l -> l.strip().replaceAll(" {2,}", " ")).filter(l -> !l.isEmpty())
          .reduce((a, b) -> a + "\n" + b).orElse("");
      if (!p.isEmpty()) {
        paragraphs.add(p);
      }
    }
    return String.join("\n\n", paragraphs);
  }
}
