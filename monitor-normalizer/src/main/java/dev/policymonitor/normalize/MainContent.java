package dev.policymonitor.normalize;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Generic main-content extraction for documents declared without selectors: drops page chrome (navigation,
 * header, footer, asides, forms, cookie banners, dialogs), then descends from the body into the child that holds
 * most of the non-link text, stopping where the text is spread over several children (the policy container).
 */
final class MainContent {
  static final String CHROME = "nav, header, footer, aside, form, dialog, menu, button, select, "
      + "[role=navigation], [role=banner], [role=contentinfo], [role=dialog], [role=alertdialog], [role=search], "
      + "[aria-modal=true], [aria-hidden=true], [hidden], "
      // Cookie banners by their usual names, not every element whose id mentions cookies (a policy has sections on them).
      + "[id*=cookie-banner], [class*=cookie-banner], [id*=cookie-consent], [class*=cookie-consent], "
      + "[id*=cookieconsent], [class*=cookieconsent], [id*=consent-banner], [class*=consent-banner], "
      + "[class*=cookie-notice], [id*=cookie-notice], #onetrust-consent-sdk, #onetrust-banner-sdk, "
      + "#CybotCookiebotDialog, .cc-window, #gdpr-banner, "
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
    Map<Element, long[]> measures = measure(body);
    Element main = body.selectFirst("main, [role=main]");
    Element root = body;
    if (main != null && measures.get(main)[0] >= 0.6 * measures.get(body)[0]) {
      root = main;
    }
    Element container = descend(root, measures);
    List<Element> sections = DocumentSections.of(container, documentType);
    return sections.isEmpty() ? List.of(container) : sections;
  }

  private static Element descend(Element start, Map<Element, long[]> measures) {
    Element current = start;
    while (true) {
      long total = measures.get(current)[0];
      if (total == 0) {
        return current;
      }
      Element dominant = null;
      for (Element child : current.children()) {
        long[] m = measures.get(child);
        if (m != null && m[0] >= DOMINANT_SHARE * total) {
          dominant = child;
          break;
        }
      }
      if (dominant == null || !CONTAINERS.contains(dominant.normalName())
          || measures.get(current)[1] > measures.get(dominant)[1]) {
        // A title heading beside the dominant child belongs to the policy: keep the parent then.
        return current;
      }
      current = dominant;
    }
  }

  /** Per element, in one pass: [text length outside links, number of h1/h2 headings], subtree included. */
  private static Map<Element, long[]> measure(Element root) {
    Map<Element, long[]> measures = new IdentityHashMap<>();
    int[] linkDepth = {0};
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof Element e) {
          measures.put(e, new long[2]);
          if (e.normalName().equals("a")) {
            linkDepth[0]++;
          }
        }
      }

      @Override
      public void tail(Node node, int depth) {
        Element parent = node.parent() instanceof Element p && node != root ? p : null;
        long[] add;
        if (node instanceof TextNode t) {
          add = new long[] {linkDepth[0] > 0 ? 0 : t.text().strip().length(), 0};
        } else if (node instanceof Element e) {
          String tag = e.normalName();
          long[] m = measures.get(e);
          if (tag.equals("script") || tag.equals("style") || tag.equals("noscript") || tag.equals("template")) {
            m[0] = 0;
          }
          if (tag.equals("h1") || tag.equals("h2")) {
            m[1]++;
          }
          if (tag.equals("a")) {
            linkDepth[0]--;
          }
          add = m;
        } else {
          return;
        }
        if (parent != null && measures.containsKey(parent)) {
          long[] pm = measures.get(parent);
          pm[0] += add[0];
          pm[1] += add[1];
        }
      }
    }, root);
    return measures;
  }
}
