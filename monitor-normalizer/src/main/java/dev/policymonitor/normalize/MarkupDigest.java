package dev.policymonitor.normalize;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Selector;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * A digest of everything in a parsed page that extraction can read, so that a page whose HTML changed only where
 * extraction never looks (the usual noise: a cache-busting script URL, a new script nonce, an inline script's
 * state, a build comment, hashed stylesheet and class names, the page's header and footer) is known to give the same
 * text without extracting it.
 *
 * <p>Left out for every declaration: comments; the contents of {@code <script>} and {@code <style>} elements (their
 * data, which no step of extraction reads: the text, the main-content measures and the shell test skip them); the
 * values of their {@code src} and {@code integrity} attributes, and the value of any {@code nonce} attribute (the
 * names stay, so a selector testing for the attribute sees the same page).
 *
 * <p>Also left out for a generic declaration (no select, no remove rules), which reads only what {@link MainContent}
 * and the page's language and base URL need, on a page with text (not a shell: see below):
 * <ul>
 *   <li>{@code <head>}, and every element inside the body that matches {@link MainContent#CHROME} (removed before
 *       the text is looked for; the body itself stays read whatever it matches), with all they hold: only a mark of
 *       their place stays, and the {@code <base>} and {@code <meta http-equiv>} elements inside them (the page's
 *       base URL and language);</li>
 *   <li>in the body, every attribute but a link's {@code href} and any {@code role} ({@code [role=main]}): the
 *       others are read only by {@code CHROME}, and whether the element matches it goes in instead.</li>
 * </ul>
 * <p>Everything else goes in, in document order with the tree's shape: every element and attribute, every text
 * node, the page's URL (links are made absolute against it), the server's declared language, whether the page was
 * rendered, the normalizer's version and the declaration's document type and rules.
 *
 * <p>No digest (extract as usual) for a declaration whose selectors mention what is left out for all ({@code script},
 * {@code style}, {@code src}, {@code integrity}, {@code nonce}, {@code :containsData}), nor for a page with under
 * {@link JavaScriptShell#MAX_CHARS} characters of visible text: there the scripts, the noscript text and the ids of
 * empty app roots decide whether it is a JavaScript shell.
 */
final class MarkupDigest {
  /** The form of the digest; a new one never matches a digest of the old form. */
  static final String FORM = "m1";
  private static final Set<String> QUIET_ELEMENTS = Set.of("script", "style");
  private static final Set<String> QUIET_VALUES = Set.of("src", "integrity");
  private static final String ROLE = "role";
  private static final String HREF = "href";
  private static final Evaluator CHROME = Css.of(MainContent.CHROME);
  private static final String NONCE = "nonce";
  private static final List<String> SELECTOR_WORDS = List.of("script", "style", "src", "integrity", NONCE,
      "containsdata");

  private final MessageDigest sha;
  private final boolean generic;
  private final Element head;
  private final Element body;
  /** Inside the body (generic declarations only). */
  private boolean inBody;
  /** The element whose subtree extraction does not read, while inside it (generic declarations only). */
  private Element unread;
  private final byte[] buffer = new byte[8192];
  private int used;

  private MarkupDigest(Document doc, boolean generic) {
    this.generic = generic;
    this.head = doc.head();
    this.body = doc.body();
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether pages read with {@code declaration} can be compared by their markup digest. */
  static boolean appliesTo(DocumentDeclaration declaration) {
    return !mentionsLeftOut(declaration.select()) && !mentionsLeftOut(declaration.remove());
  }

  private static boolean mentionsLeftOut(List<Selector> selectors) {
    for (Selector s : selectors) {
      for (String css : new String[] {s.css(), s.startBefore(), s.startAfter(), s.endBefore(), s.endAfter()}) {
        if (css != null) {
          String lower = css.toLowerCase(Locale.ROOT);
          if (SELECTOR_WORDS.stream().anyMatch(lower::contains)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The digest of {@code doc} (as {@link HtmlCleaner#parse} left it), with the inputs of extraction that are not
   * in the tree; empty for a page too short to be sure it is no JavaScript shell.
   */
  static Optional<String> of(Document doc, DocumentDeclaration declaration, String url, String contentLanguage,
      boolean rendered) {
    if (JavaScriptShell.visibleLength(doc) < JavaScriptShell.MAX_CHARS) {
      return Optional.empty();
    }
    MarkupDigest d = new MarkupDigest(doc, declaration.select().isEmpty() && declaration.remove().isEmpty());
    d.string(Normalizer.VERSION);
    d.string(declaration.type());
    d.string(declaration.rulesDigest());
    d.string(url);
    d.string(contentLanguage);
    d.put(rendered ? 'r' : 'p');
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        d.enter(node);
      }

      @Override
      public void tail(Node node, int depth) {
        d.leave(node);
      }
    }, doc);
    return Optional.of(FORM + ":" + d.finish());
  }

  private void enter(Node node) {
    if (unread != null) {
      if (node instanceof Element e && readAnywhere(e)) {
        element(e);
        put(')');
      }
      return;
    }
    if (node instanceof TextNode t) {
      put('t');
      string(t.getWholeText());
    } else if (node instanceof DataNode data) {
      Element p = data.parent();
      if (p == null || !QUIET_ELEMENTS.contains(p.normalName())) {
        put('d');
        string(data.getWholeData());
      }
    } else if (node instanceof Element e) {
      inBody |= generic && e == body;
      if (generic && (e == head || (inBody && e != body && chrome(e)))) {
        unread = e;
        put('u');
        return;
      }
      if (inBody && !readAnywhere(e)) {
        bodyElement(e);
      } else {
        element(e);
      }
    } else if (!(node instanceof Document) && !(node instanceof Comment)) {
      put('n');
      string(node.outerHtml());
    }
  }

  private void leave(Node node) {
    if (node == unread) {
      unread = null;
    } else if (unread == null && node instanceof Element) {
      put(')');
      inBody &= node != body;
    }
  }

  /** Elements read wherever they are: the base URL, the page's declared language. */
  private static boolean readAnywhere(Element e) {
    return e.normalName().equals("base") || (e.normalName().equals("meta") && e.hasAttr("http-equiv"));
  }

  private static boolean chrome(Element e) {
    return e.attributesSize() == 0 ? MainContent.CHROME_NAMES.contains(e.normalName()) : e.is(CHROME);
  }

  private void element(Element e) {
    put('(');
    string(e.tagName());
    boolean quiet = QUIET_ELEMENTS.contains(e.normalName());
    for (Attribute a : e.attributes()) {
      String key = a.getKey();
      put('a');
      string(key);
      String lower = key.toLowerCase(Locale.ROOT);
      if (!lower.equals(NONCE) && !(quiet && QUIET_VALUES.contains(lower))) {
        string(a.getValue());
      }
    }
  }

  /** An element of the body read with a generic declaration: its name, its role, a link's target. */
  private void bodyElement(Element e) {
    put('(');
    string(e.tagName());
    if (e.attributesSize() > 0) {
      if (e.hasAttr(ROLE)) {
        put('r');
        string(e.attr(ROLE));
      }
      if (e.hasAttr(HREF) && e.normalName().equals("a")) {
        put('h');
        string(e.attr(HREF));
      }
    }
  }

  /** A string, length first, so that no two sequences of strings feed the same characters. */
  private void string(String s) {
    if (s == null) {
      put('-');
      return;
    }
    int n = s.length();
    put((char) (n >>> 16));
    put((char) n);
    for (int i = 0; i < n; i++) {
      put(s.charAt(i));
    }
  }

  private void put(char c) {
    if (used + 2 > buffer.length) {
      sha.update(buffer, 0, used);
      used = 0;
    }
    buffer[used++] = (byte) (c >>> 8);
    buffer[used++] = (byte) c;
  }

  private String finish() {
    sha.update(buffer, 0, used);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
  }
}
