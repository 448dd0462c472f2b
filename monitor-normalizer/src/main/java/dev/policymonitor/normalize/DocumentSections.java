package dev.policymonitor.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Splits a legal hub page (terms, privacy policy, DMCA policy, ... on one page) into its documents and keeps the
 * sections about the wanted document type. A page is a hub only when its same-level headings name this document
 * and at least one other kind of document; otherwise nothing is split.
 */
final class DocumentSections {
  private static final Map<String, Pattern> TOPICS = Map.of(
      "privacy-policy", Pattern.compile("privacy|personal (data|information)|gdpr|data protection|data retention"
          + "|retention notice|cookie|ccpa|california"),
      "terms-of-service", Pattern.compile("terms of (use|service)|terms and conditions|user agreement"),
      "cookie-policy", Pattern.compile("cookie"));
  private static final Map<String, Pattern> TITLES = Map.of(
      "privacy-policy", Pattern.compile("^(\\w+ )?privacy (policy|notice|statement)$"),
      "terms-of-service", Pattern.compile("^(\\w+ )?terms of (use|service)$|^terms and conditions$"),
      "cookie-policy", Pattern.compile("^(\\w+ )?cookie (policy|notice)$"));
  private static final Pattern OTHER_DOCUMENT = Pattern.compile("^((current|archived|\\w+) )?(terms of (use|service)"
      + "|terms and conditions|dmca( takedown)? policy|copyright policy|acceptable use policy|api terms"
      + "|(\\w+ )?privacy (policy|notice|statement)|cookie policy|trademark policy|refund policy)$");

  private DocumentSections() {}

  static List<Element> of(Element container, String documentType) {
    Pattern topic = TOPICS.get(documentType);
    if (topic == null) {
      return List.of();
    }
    for (String level : List.of("h1", "h2", "h3")) {
      List<Element> headings = container.select(Css.of(level));
      if (headings.size() < 3) {
        continue;
      }
      int mine = 0;
      int others = 0;
      for (Element h : headings) {
        String title = h.text().toLowerCase(Locale.ROOT).strip();
        if (TITLES.get(documentType).matcher(title).find()) {
          mine++;
        } else if (OTHER_DOCUMENT.matcher(title).find()) {
          others++;
        }
      }
      if (mine == 0 || others == 0) {
        return List.of();
      }
      List<Element> kept = new ArrayList<>();
      for (Element h : headings) {
        if (topic.matcher(h.text().toLowerCase(Locale.ROOT)).find()) {
          kept.add(sectionOf(h, level, container));
        }
      }
      return kept;
    }
    return List.of();
  }

  /** The largest ancestor of the heading holding no other heading of its level, or the heading and its followers. */
  private static Element sectionOf(Element heading, String level, Element container) {
    Element section = heading;
    while (section.parent() != null && section.parent() != container
        && section.parent().select(Css.of(level)).size() == 1) {
      section = section.parent();
    }
    if (section != heading) {
      return section;
    }
    Element holder = new Element("div");
    holder.appendChild(heading.clone());
    for (Element next = heading.nextElementSibling(); next != null; next = next.nextElementSibling()) {
      if (next.normalName().equals(level) || !next.select(Css.of(level)).isEmpty()) {
        break;
      }
      holder.appendChild(next.clone());
    }
    return holder;
  }
}
