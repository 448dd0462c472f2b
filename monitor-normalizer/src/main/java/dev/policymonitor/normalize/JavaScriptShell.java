package dev.policymonitor.normalize;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Whether a page is a JavaScript shell: little visible text (under 200 characters), scripts, and a sign that the
 * text is written by them (almost no text, a noscript asking for JavaScript, an empty app root). Extraction fails on
 * a shell; the fetcher renders a new plain page that is one in a browser.
 *
 * <p>The fetcher asks this of every new plain page, so {@link #withVisibleText(String)} answers the common
 * case, a page with text, from a streaming parse that stops at the first 200 characters of visible text, instead of
 * building the whole tree (the page is parsed in full once, in streams).
 */
final class JavaScriptShell {
  /** A page with at least this much visible text is never a shell. */
  static final int MAX_CHARS = 200;
  private static final Set<String> INVISIBLE = Set.of("script", "style", "noscript", "template");
  private static final Evaluator SCRIPT = Css.of("script");
  private static final Evaluator NOSCRIPT = Css.of("noscript");
  private static final Evaluator EMPTY_APP_ROOT = Css.of("#root:empty, #app:empty, #__next:empty, #__nuxt:empty,"
      + " [data-reactroot]:empty, app-root:empty");

  private JavaScriptShell() {}

  /** Whether the parsed page {@code doc} is a shell. */
  static boolean is(Document doc) {
    if (doc.select(SCRIPT).isEmpty()) {
      return false;
    }
    String pageText = visibleText(doc);
    if (pageText.length() >= MAX_CHARS) {
      return false;
    }
    boolean asksForJavaScript = doc.select(NOSCRIPT).text().toLowerCase(Locale.ROOT).contains("javascript")
        || pageText.toLowerCase(Locale.ROOT).contains("enable javascript");
    return pageText.length() < 30 || asksForJavaScript || !doc.select(EMPTY_APP_ROOT).isEmpty();
  }

  /** The length of the page's visible text, counted up to a little over {@link #MAX_CHARS}, for messages. */
  static int visibleLength(Document doc) {
    return visibleText(doc).length();
  }

  /**
   * Whether the HTML page {@code html} certainly has {@link #MAX_CHARS} characters of visible text, and so is no
   * shell, read with a streaming parse that stops as soon as it has seen them. False means "read the whole page",
   * as it does for a page whose text the full parse would change (Wayback's injected elements, Cloudflare's
   * obfuscated addresses): this never says more than the whole tree would.
   */
  static boolean withVisibleText(String html) {
    if (HtmlCleaner.rewritesText(html)) {
      return false;
    }
    try (StreamParser parser = new StreamParser(Parser.htmlParser()).parse(HtmlCleaner.unwrap(html), "")) {
      int length = -1; // as visibleText counts: the stripped text nodes, one space apart
      for (Iterator<Element> it = parser.iterator(); it.hasNext(); ) {
        Element closed = it.next();
        if (!visible(closed)) {
          continue;
        }
        for (TextNode t : closed.textNodes()) {
          if (!t.isBlank()) {
            length += t.text().strip().length() + 1;
          }
        }
        if (length >= MAX_CHARS) {
          return true;
        }
      }
      return false;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Whether {@code e}'s own text is visible body text. */
  private static boolean visible(Element e) {
    boolean inBody = false;
    for (Element at = e; at != null; at = at.parent()) {
      if (INVISIBLE.contains(at.normalName())) {
        return false;
      }
      inBody |= at.normalName().equals("body");
    }
    return inBody;
  }

  /** The page's visible text, cut after {@link #MAX_CHARS} characters (a big page need not be read to the end). */
  private static String visibleText(Document doc) {
    StringBuilder text = new StringBuilder();
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof Element e && INVISIBLE.contains(e.normalName())) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (node instanceof TextNode t && !t.isBlank()) {
          text.append(t.text().strip()).append(' ');
        }
        return text.length() > MAX_CHARS ? FilterResult.STOP : FilterResult.CONTINUE;
      }
    }, doc.body());
    return text.toString().strip();
  }
}
