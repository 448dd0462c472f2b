package dev.policymonitor.normalize;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Generic main-content extraction for documents declared without selectors: drops page chrome (navigation,
 * header, footer, asides, forms, cookie banners, dialogs, collapsible widgets with nothing but a summary, short
 * copyright notices), then descends from the body into the child that holds most of the non-link text, stopping
 * where the text is spread over several children (the policy container). When a title heading sits beside that
 * child (a "hero" block above the policy), the title is kept and the descent goes on in the child, so the same
 * policy moved into a new layout extracts to the same text: link-only rows beside it (navigation, related links)
 * are dropped, as they are in a layout that nests the title inside the container.
 */
final class MainContent {
  /** The elements that are page chrome by their name alone (the rest of {@link #CHROME} needs attributes). */
  static final java.util.Set<String> CHROME_NAMES = java.util.Set.of("nav", "header", "footer", "aside", "form",
      "dialog", "menu", "button", "select");
  static final String CHROME = String.join(", ", new java.util.TreeSet<>(CHROME_NAMES)) + ", "
      + "[role=navigation], [role=banner], [role=contentinfo], [role=dialog], [role=alertdialog], [role=search], "
      + "[aria-modal=true], [aria-hidden=true], [hidden], "
      // Cookie banners by their usual names, not every element whose id mentions cookies (a policy has sections on them).
      + "[id*=cookie-banner], [class*=cookie-banner], [id*=cookie-consent], [class*=cookie-consent], "
      + "[id*=cookieconsent], [class*=cookieconsent], [id*=consent-banner], [class*=consent-banner], "
      + "[class*=cookie-notice], [id*=cookie-notice], #onetrust-consent-sdk, #onetrust-banner-sdk, "
      + "#CybotCookiebotDialog, .cc-window, #gdpr-banner, "
      + "[class*=newsletter], [class*=breadcrumb], [class*=skip-link], #toc, .toc, .table-of-contents";
  private static final double DOMINANT_SHARE = 0.85;
  /** A block whose text starts like this and is this short is a copyright line, never policy text. */
  private static final java.util.regex.Pattern COPYRIGHT = java.util.regex.Pattern.compile(
      "(?i)^\\s*(©|\\(c\\)\\s*\\d{4}|copyright\\b)");
  private static final int COPYRIGHT_MAX_CHARS = 200;
  private static final java.util.Set<String> CONTAINERS = java.util.Set.of("div", "section", "article", "main",
      "center", "details", "span", "font");

  private MainContent() {}

  /**
   * The parts of the page that hold the document of type {@code documentType} (e.g. {@code privacy-policy}):
   * usually one container; on a legal hub page that holds several documents, the sections about this one.
   */
  static List<Element> extract(Document doc, String documentType) {
    Element body = doc.body();
    body.select(Css.of(CHROME)).remove();
    removeWidgets(body);
    Map<Element, long[]> measures = measure(body);
    Element main = body.selectFirst(Css.of("main, [role=main]"));
    Element root = body;
    if (main != null && measures.get(main)[0] >= 0.6 * measures.get(body)[0]) {
      root = main;
    }
    List<Element> parts = descend(root, measures, documentType);
    Element title = root == main && main.selectFirst(Css.of("h1")) == null ? titleBefore(body, main) : null;
    if (title != null) {
      // The policy's title in a block above <main> (a "hero"): part of the policy, as in layouts that nest it.
      List<Element> withTitle = new java.util.ArrayList<>();
      withTitle.add(title);
      withTitle.addAll(parts);
      return withTitle;
    }
    if (parts.size() > 1) {
      return parts;
    }
    List<Element> sections = DocumentSections.of(parts.get(0), documentType);
    return sections.isEmpty() ? parts : sections;
  }

  /** The page's only {@code <h1>} when it comes before {@code main} (outside it); else null. */
  private static Element titleBefore(Element body, Element main) {
    List<Element> h1s = body.select(Css.of("h1"));
    if (h1s.size() != 1) {
      return null;
    }
    Element first = body.select(Css.of("h1, main, [role=main]")).first();
    return first == h1s.get(0) ? first : null;
  }

  /**
   * Drops what is never policy text but is not marked as chrome: a {@code <details>} that holds nothing besides its
   * summary (a collapsible table of contents whose links were navigation), and short copyright lines.
   */
  private static void removeWidgets(Element body) {
    for (Element details : body.select(Css.of("details"))) {
      boolean onlySummary = details.children().stream().allMatch(c -> c.normalName().equals("summary"))
          && details.textNodes().stream().allMatch(TextNode::isBlank);
      if (onlySummary) {
        details.remove();
      }
    }
    for (Element e : body.select(Css.of("p, div, span, small, section"))) {
      if (!mayStartLikeCopyright(e)) {
        continue; // e.text() of every block of a page is quadratic in its depth: look at the first character first
      }
      String text = e.text();
      if (text.length() <= COPYRIGHT_MAX_CHARS && COPYRIGHT.matcher(text).find() && e.parent() != null
          && !COPYRIGHT.matcher(e.parent().text()).find()) {
        e.remove();
      }
    }
  }

  /**
   * False when {@link Element#text()} cannot match {@link #COPYRIGHT}: its first character (the first one of the
   * element's text nodes that is not trimmed, not whitespace to jsoup and not invisible) is not one
   * {@code COPYRIGHT} can start with. True does not mean it matches.
   */
  private static boolean mayStartLikeCopyright(Element e) {
    for (Node n = e; n != null; n = nextInside(n, e)) {
      if (n instanceof TextNode t) {
        String s = t.getWholeText();
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c > ' ' && !StringUtil.isActuallyWhitespace(c) && !StringUtil.isInvisibleChar(c)) {
            return c == '\u00a9' || c == '(' || c == 'c' || c == 'C';
          }
        }
      }
    }
    return false;
  }

  /** The node after {@code n} in document order, staying inside {@code root}; null at the end. */
  private static Node nextInside(Node n, Node root) {
    if (n.childNodeSize() > 0) {
      return n.childNode(0);
    }
    for (Node at = n; at != root; at = at.parentNode()) {
      Node next = at.nextSibling();
      if (next != null) {
        return next;
      }
    }
    return null;
  }

  private static List<Element> descend(Element start, Map<Element, long[]> measures, String documentType) {
    Element current = start;
    while (true) {
      long total = measures.get(current)[0];
      if (total == 0) {
        return List.of(current);
      }
      Element dominant = null;
      for (Element child : current.children()) {
        long[] m = measures.get(child);
        if (m != null && m[0] >= DOMINANT_SHARE * total) {
          dominant = child;
          break;
        }
      }
      if (dominant == null || !CONTAINERS.contains(dominant.normalName())) {
        return List.of(current);
      }
      if (measures.get(current)[1] > measures.get(dominant)[1]) {
        // A title heading beside the dominant child belongs to the policy: keep it, and what else beside the
        // child has text of its own, and go on into the child.
        if (current.textNodes().stream().anyMatch(t -> !t.isBlank())
            || !DocumentSections.of(current, documentType).isEmpty()) {
          return List.of(current);
        }
        List<Element> parts = new java.util.ArrayList<>();
        for (Element child : current.children()) {
          if (child == dominant) {
            parts.addAll(descend(dominant, measures, documentType));
          } else if (measures.get(child)[0] > 0) {
            parts.add(child);
          }
        }
        return parts;
      }
      current = dominant;
    }
  }

  /**
   * {@code TextNode.text().strip().length()}, without building the normalised string in the usual cases: a
   * whitespace-only node (indentation between tags) is 0, and a node whose only whitespace is single spaces and that
   * holds no invisible character is its own normalised form.
   */
  static int normalisedLength(String raw) {
    boolean blank = true;
    boolean normalised = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (StringUtil.isActuallyWhitespace(c)) {
        if (c != ' ' || (i + 1 < raw.length() && StringUtil.isActuallyWhitespace(raw.charAt(i + 1)))) {
          normalised = false;
        }
      } else {
        blank = false;
        if (StringUtil.isInvisibleChar(c)) {
          normalised = false;
        }
      }
    }
    if (blank) {
      return 0;
    }
    return (normalised ? raw : StringUtil.normaliseWhitespace(raw)).strip().length();
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
          add = new long[] {linkDepth[0] > 0 ? 0 : normalisedLength(t.getWholeText()), 0};
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
