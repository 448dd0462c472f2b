package dev.policymonitor.streams.normalize;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Selector;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Turns snapshot bytes into the canonical text of a version: one block (heading, paragraph, list item,
 * table row) per line, blank line between blocks.
 */
public final class HtmlNormalizer {
  /** Bumped whenever the rules change, so old versions are recognized as technical upgrades. */
  public static final String VERSION = "1";

  private static final String BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, tr, dt, dd, blockquote, pre";

  public String normalize(byte[] body, String charset, String baseUrl, DocumentDeclaration declaration) {
    Charset cs = charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
    Document doc = Jsoup.parse(new String(body, cs), baseUrl);
    doc.select("script, style, noscript, nav, header, footer, aside, form, iframe, svg").remove();
    Elements roots = new Elements();
    for (Selector s : declaration.select()) {
      if (!s.isRange()) {
        roots.addAll(doc.select(s.css()));
      }
    }
    if (roots.isEmpty()) {
      roots.add(doc.body());
    }
    for (Selector s : declaration.remove()) {
      if (!s.isRange()) {
        roots.select(s.css()).remove();
      }
    }
    List<String> blocks = new ArrayList<>();
    for (Element root : roots) {
      for (Element e : root.select(BLOCKS)) {
        if (!e.select(BLOCKS).stream().anyMatch(child -> child != e)) {
          String text = e.text().replace('\u00a0', ' ').trim();
          if (!text.isEmpty()) {
            blocks.add(e.tagName().matches("h[1-6]") ? "#".repeat(e.tagName().charAt(1) - '0') + " " + text : text);
          }
        }
      }
    }
    return String.join("\n\n", blocks);
  }
}
