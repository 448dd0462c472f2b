package dev.policymonitor.web.feed;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.WordSegment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes changes as an Atom 1.0 feed (RFC 4287): the feed's id, title, updated time, author and links; per change an
 * entry with a stable id, a title, its detection time, a link to the change's permalink on the web page, a text
 * summary (the counts, the reasons and the changed sentences, as plain text) and categories for its kind, severity
 * and privacy-practice categories. Policy text is written as XML text by the JDK's StAX writer (escaped), with the
 * characters XML 1.0 cannot carry removed.
 */
public final class AtomFeed {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  /** The scheme of categories, followed by {@code kind}, {@code severity} or {@code category}. */
  public static final String SCHEME = "https://policy-monitor.dev/atom/";
  /** Sentences per entry summary; the rest are counted. */
  static final int MAX_SENTENCES = 20;
  static final int MAX_SUMMARY_CHARS = 8000;

  private AtomFeed() {}

  /**
   * @param id the feed's IRI (its own URL, without credentials)
   * @param self the URL the feed is read at (without credentials)
   * @param page the web page the feed is about
   * @param base the web page's root, to which change permalinks ({@code #/changes/...}) are appended
   * @param empty the feed's updated time when it has no entry
   */
  public static byte[] write(String id, String title, String self, String page, String base, List<Change> changes,
      Instant empty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("feed");
      xml.writeDefaultNamespace(ATOM);
      text(xml, "id", id);
      text(xml, "title", title);
      text(xml, "updated", time(changes.isEmpty() ? empty : updated(changes.get(0))));
      xml.writeStartElement("author");
      text(xml, "name", "policy-monitor");
      xml.writeEndElement();
      link(xml, "self", "application/atom+xml", self);
      link(xml, "alternate", "text/html", page);
      text(xml, "generator", "policy-monitor");
      for (Change c : changes) {
        entry(xml, c, base);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the Atom feed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static void entry(XMLStreamWriter xml, Change c, String base) throws XMLStreamException {
    xml.writeStartElement("entry");
    text(xml, "id", "tag:policy-monitor.dev,2026:change:" + c.changeId());
    text(xml, "title", c.vendor() + " / " + c.document() + ": " + c.kind().wire() + " (" + c.severity().wire()
        + ")");
    text(xml, "updated", time(updated(c)));
    text(xml, "published", time(updated(c)));
    link(xml, "alternate", "text/html", base + "/" + c.permalink());
    xml.writeStartElement("summary");
    xml.writeAttribute("type", "text");
    xml.writeCharacters(clean(summary(c)));
    xml.writeEndElement();
    category(xml, "kind", c.kind().wire());
    category(xml, "severity", c.severity().wire());
    for (String category : c.categories()) {
      category(xml, "category", category);
    }
    xml.writeEndElement();
  }

  /** The entry's text: counts, capture, reasons, then the changed sentences ({@code +} added, {@code -} removed). */
  static String summary(Change c) {
    StringBuilder out = new StringBuilder();
    out.append(c.counts().added()).append(" added, ").append(c.counts().removed()).append(" removed, ")
        .append(c.counts().modified()).append(" modified, ").append(c.counts().moved()).append(" moved; captured ")
        .append(time(c.capturedAt())).append(c.source() == null ? "" : " (" + c.source().wire() + ")").append(".\n");
    for (String reason : c.reasons()) {
      out.append("Why: ").append(reason).append('\n');
    }
    int shown = 0;
    int total = c.added().size() + c.removed().size() + c.modified().size();
    for (Modification m : c.modified()) {
      if (shown++ < MAX_SENTENCES) {
        out.append("~ ").append(WordSegment.marked(m.segments())).append('\n');
      }
    }
    for (String s : c.added()) {
      if (shown++ < MAX_SENTENCES) {
        out.append("+ ").append(s).append('\n');
      }
    }
    for (String s : c.removed()) {
      if (shown++ < MAX_SENTENCES) {
        out.append("- ").append(s).append('\n');
      }
    }
    if (total > MAX_SENTENCES) {
      out.append("... and ").append(total - MAX_SENTENCES).append(" more changed sentences\n");
    }
    return out.length() > MAX_SUMMARY_CHARS ? out.substring(0, MAX_SUMMARY_CHARS) + "..." : out.toString();
  }

  private static Instant updated(Change c) {
    return c.detectedAt() != null ? c.detectedAt() : c.capturedAt();
  }

  private static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeCharacters(clean(value));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", clean(href));
  }

  private static void category(XMLStreamWriter xml, String scheme, String term) throws XMLStreamException {
    xml.writeEmptyElement("category");
    xml.writeAttribute("term", clean(term));
    xml.writeAttribute("scheme", SCHEME + scheme);
    xml.writeAttribute("label", scheme + ": " + clean(term));
  }

  /** {@code s} without the characters XML 1.0 cannot carry (most control characters, lone surrogates, U+FFFE/F). */
  static String clean(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(ch)) {
        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (out != null) {
            out.append(ch).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
      }
      if (!ok && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (ok && out != null) {
        out.append(ch);
      }
    }
    return out == null ? s : out.toString();
  }
}
