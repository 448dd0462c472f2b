package dev.policymonitor.normalize;

import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Parses HTML after undoing the wrappers around it: Jekyll-style front matter, the Wayback Machine toolbar and
 * its injected scripts, and Cloudflare's {@code [email protected]} spans (decoded back to the address).
 */
final class HtmlCleaner {
  private static final Pattern FRONT_MATTER = Pattern.compile("\\A\\s*---\\r?\\n(?:[^\\n]*\\r?\\n){0,60}?---\\s*\\r?\\n");
  private static final Pattern WAYBACK_TOOLBAR = Pattern.compile(
      "<!--\\s*BEGIN WAYBACK TOOLBAR INSERT\\s*-->.*?<!--\\s*END WAYBACK TOOLBAR INSERT\\s*-->", Pattern.DOTALL);
  /** Wayback's injected elements; of those with text, the ids are in {@link #TEXT_REWRITES}. */
  private static final String WAYBACK_INJECTED = "#wm-ipp-base, #wm-ipp, #wm-ipp-print, #donato, #wm-capinfo, "
      + "script[src*=archive.org], link[href*=archive.org/_static], script[src*=/_static/js/]";
  /** Signs that {@link #parse} changes some of the page's text: the injected elements' ids, Cloudflare's spans. */
  private static final List<String> TEXT_REWRITES = List.of("wm-ipp", "donato", "wm-capinfo", "data-cfemail");
  private static final int MAX_CHARS = 20_000_000;

  private HtmlCleaner() {}

  /** The HTML without its front matter and Wayback toolbar, cut at 20 million characters. */
  static String unwrap(String html) {
    String h = html.length() > MAX_CHARS ? html.substring(0, MAX_CHARS) : html;
    h = FRONT_MATTER.matcher(h).replaceFirst("");
    if (h.contains("WAYBACK TOOLBAR INSERT")) {
      h = WAYBACK_TOOLBAR.matcher(h).replaceAll("");
    }
    return h;
  }

  /** Whether {@link #parse} may change the text of {@code html}'s elements (beyond what {@link #unwrap} does). */
  static boolean rewritesText(String html) {
    return TEXT_REWRITES.stream().anyMatch(html::contains);
  }

  static Document parse(String html, String baseUrl) {
    String h = unwrap(html);
    Document doc = Jsoup.parse(h, baseUrl == null ? "" : LinkCanonicalizer.unwrapWayback(baseUrl), Parser.htmlParser());
    Element base = doc.selectFirst(Css.of("base[href]"));
    if (base != null) {
      base.attr("href", LinkCanonicalizer.unwrapWayback(base.attr("href")));
      String abs = base.absUrl("href");
      if (!abs.isEmpty()) {
        doc.setBaseUri(abs);
      }
    }
    doc.select(Css.of(WAYBACK_INJECTED)).remove();
    decodeCloudflareSpans(doc);
    return doc;
  }

  private static void decodeCloudflareSpans(Document doc) {
    for (Element e : doc.select(Css.of("[data-cfemail]"))) {
      String email = LinkCanonicalizer.decodeCfEmail(e.attr("data-cfemail"));
      if (email != null) {
        e.replaceWith(new org.jsoup.nodes.TextNode(email));
      }
    }
  }
}
