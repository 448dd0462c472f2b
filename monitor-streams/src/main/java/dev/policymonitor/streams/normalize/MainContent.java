package dev.policymonitor.streams.normalize;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Generic main-content extraction for documents declared without selectors: drops page chrome (navigation,
 * header, footer, asides, forms, cookie banners, dialogs), then descends from the body into the child that holds
 * most of the non-link text, stopping where the text is spread over several children (the policy container).
 */
final class MainContent {
  static final String CHROME = "nav, header, footer, aside, form, dialog, menu, button, select, "
      + "[role=navigation], [role=banner], [role=contentinfo], [role=dialog], [role=alertdialog], [role=search], "
      + "[aria-modal=true], [aria-hidden=true], [hidden], "
      + "[id*=cookie], [class*=cookie], [id*=consent], [class*=consent], [id*=gdpr-banner], "
      + "[class*=newsletter], [class*=breadcrumb], [class*=skip-link], #toc, .toc, .table-of-contents";
  private static final double DOMINANT_SHARE = 0.85;
  private static final java.util.Set<String> CONTAINERS = java.util.Set.of("div", "section", "article", "main",
      "center", "details", "span", "font");

  private MainContent() {}

  /**
   * The parts of the page that hold the document of type {@code documentType} (e.g. {@code privacy-policy}):
   * usually one container; on a legal hub page that holds several documents, the sections about this one.
   */
  static List<Element> extract(Document doc, String documentType) {
    Element body = doc.body();
    body.select(CHROME).remove();
    Element main = body.selectFirst("main, [role=main]");
    Element root = body;
    if (main != null && goodText(main) >= 0.6 * goodText(body)) {
      root = main;
    }
    Element container = descend(root);
    List<Element> sections = DocumentSections.of(container, documentType);
    return sections.isEmpty() ? List.of(container) : sections;
  }

  private static Element descend(Element start) {
    Element current = start;
    while (true) {
      double total = goodText(current);
      if (total == 0) {
        return current;
      }
      Element dominant = null;
      for (Element child : current.children()) {
        if (goodText(child) >= DOMINANT_SHARE * total) {
          dominant = child;
          break;
        }
      }
      if (dominant == null || !CONTAINERS.contains(dominant.normalName()) || hasHeadingOutside(current, dominant)) {
        return current;
      }
      current = dominant;
    }
  }

  /** A title heading just above the dominant child belongs to the policy; keep the parent then. */
  private static boolean hasHeadingOutside(Element parent, Element dominant) {
    for (Element h : parent.select("h1, h2")) {
      if (!h.parents().contains(dominant) && h != dominant) {
        return true;
      }
    }
    return false;
  }

  /** Length of the text not inside links: the measure of policy prose. */
  static double goodText(Element e) {
    long[] counts = {0};
    count(e, false, counts);
    return counts[0];
  }

  private static void count(Node node, boolean inLink, long[] counts) {
    for (Node child : node.childNodes()) {
      if (child instanceof TextNode t) {
        if (!inLink) {
          counts[0] += t.text().strip().length();
        }
      } else if (child instanceof Element el) {
        String tag = el.normalName();
        if (tag.equals("script") || tag.equals("style") || tag.equals("noscript") || tag.equals("template")) {
          continue;
        }
        count(el, inLink || tag.equals("a"), counts);
      }
    }
  }
}
