package dev.policymonitor.web.evidence;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.ReviewEvent;
import dev.policymonitor.model.Version;
import dev.policymonitor.model.WordSegment;
import dev.policymonitor.web.DiffView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One change as a self-contained HTML file for an audit: no script and no external resource (its style is inline,
 * it is a download, not a page of the app), every piece of policy text and every note escaped. Well-formed XHTML, so
 * the same document also renders to PDF. Sections: the change (classification, severity, reasons, flags), the two
 * captures (times, source, original capture links, snapshot and text digests, the extraction rules in force), the
 * review with its whole trail, the diff, and both versions' full texts.
 */
public final class EvidenceHtml {
  static final String STYLE = """
      body{font-family:Helvetica,Arial,sans-serif;font-size:11pt;line-height:1.45;color:#1d2330;margin:24px;max-width:60em}
      h1{font-size:17pt;margin:0 0 4px}h2{font-size:13pt;margin:22px 0 6px;border-bottom:1px solid #ccd;padding-bottom:2px}
      table{border-collapse:collapse;width:100%;margin:4px 0}th,td{text-align:left;vertical-align:top;padding:3px 6px;
      border:1px solid #dde1e7;word-wrap:break-word}th{background:#f3f5f8;width:13em;font-weight:bold}
      .muted{color:#5b6474}.mono{font-family:Courier,monospace;font-size:9.5pt}
      ins{background:#c9efd2;color:#0b5a1e;text-decoration:none}del{background:#f8caca;color:#8a1111}
      .row{border-left:3px solid #dde1e7;padding:2px 8px;margin:3px 0;white-space:pre-wrap}
      .added{border-color:#2e8b57;background:#eef9f1}.removed{border-color:#b3261e;background:#fdf0f0}
      .modified{border-color:#a86400}.moved-from,.moved-to{border-color:#4b3d8f;background:#f2f0fb}
      .section{font-weight:bold;color:#5b6474;margin-top:8px}pre{white-space:pre-wrap;word-wrap:break-word;
      font-family:Courier,monospace;font-size:9pt;border:1px solid #dde1e7;padding:6px;background:#fafbfc}
      .note{white-space:pre-wrap}""";

  private EvidenceHtml() {}

  public static String render(Evidence e) {
    EvidenceData d = e.data();
    Change c = d.change();
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<title>").append(esc("Evidence: " + c.vendor() + " / " + c.document() + " " + c.changeId()))
        .append("</title><style>").append(STYLE).append("</style></head><body>\n");
    out.append("<h1>").append(esc(c.vendor() + " / " + c.document() + ": " + c.kind().wire() + " ("
        + c.severity().wire() + " severity)")).append("</h1>\n");
    out.append("<p class=\"muted\">Evidence file exported ").append(esc(time(e.exportedAt()))).append(" by ")
        .append(esc(e.exportedBy())).append(" from policy-monitor. Policy text below is third-party content, "
            + "quoted as captured.</p>\n");

    out.append("<h2>Change</h2><table>");
    row(out, "Change id", c.changeId());
    row(out, "Kind", c.kind().wire());
    row(out, "Severity", c.severity().wire());
    row(out, "Categories", c.categories().isEmpty() ? "none" : String.join(", ", c.categories()));
    row(out, "Flags", c.flags().isEmpty() ? "none"
        : c.flags().stream().map(ChangeFlag::wire).collect(Collectors.joining(", ")));
    rowHtml(out, "Reasons", c.reasons().isEmpty() ? "none" : "<ul>" + c.reasons().stream()
        .map(r -> "<li>" + esc(r) + "</li>").collect(Collectors.joining()) + "</ul>");
    row(out, "Sentences", c.counts().added() + " added, " + c.counts().removed() + " removed, "
        + c.counts().modified() + " modified, " + c.counts().moved() + " moved");
    row(out, "Detected", time(c.detectedAt()));
    rowHtml(out, "Permalink", link(e.permalink()));
    out.append("</table>\n");

    out.append("<h2>Captures</h2><table><tr><th></th><th>Previous version</th><th>New version</th></tr>");
    pair(out, "Captured at", time(c.previousCapturedAt()), time(c.capturedAt()));
    pair(out, "Source", d.previous() == null ? "" : wire(d.previous()), c.source() == null ? "" : c.source().wire());
    out.append("<tr><th>Capture</th><td>").append(link(d.previousCaptureUrl())).append("</td><td>")
        .append(link(d.captureUrl())).append("</td></tr>");
    pairMono(out, "Snapshot digest", d.previous() == null ? null : d.previous().snapshotDigest(),
        d.current() == null ? null : d.current().snapshotDigest());
    pairMono(out, "Text digest", c.previousDigest(), c.digest());
    pair(out, "Normalizer", d.previous() == null ? "" : d.previous().normalizerVersion(),
        d.current() == null ? "" : d.current().normalizerVersion());
    pair(out, "Language", d.previous() == null ? "" : nn(d.previous().language()),
        d.current() == null ? "" : nn(d.current().language()));
    pairMono(out, "Rules digest used", d.previous() == null ? null : d.previous().declarationDigest(),
        d.current() == null ? null : d.current().declarationDigest());
    out.append("<tr><th>Extraction rules in force</th><td>").append(rules(d.previousRules(), d.previous()))
        .append("</td><td>").append(rules(d.rules(), d.current())).append("</td></tr>");
    out.append("</table>\n");
    if (d.targetUrl() == null) {
      out.append("<p class=\"muted\">The document is not tracked any more: its extraction rules are not known.</p>");
    }

    review(out, e);
    diff(out, d.diff());

    out.append("<h2>Full text of the previous version</h2>").append(text(d.previous(), c.previousCapturedAt()));
    out.append("<h2>Full text of the new version</h2>").append(text(d.current(), c.capturedAt()));
    out.append("\n</body></html>\n");
    return out.toString();
  }

  private static void review(StringBuilder out, Evidence e) {
    out.append("<h2>Review</h2><table>");
    row(out, "State", e.review().state().label());
    row(out, "Assignee", e.review().assignee() == null ? "nobody" : e.review().assignee());
    out.append("</table>");
    List<ReviewEvent> trail = e.review().trail();
    if (trail.isEmpty()) {
      out.append("<p class=\"muted\">Nobody has reviewed this change yet.</p>\n");
      return;
    }
    out.append("<table><tr><th>#</th><th>When</th><th>Who</th><th>What</th></tr>");
    for (ReviewEvent ev : trail) {
      out.append("<tr><td>").append(ev.seq()).append("</td><td>").append(esc(time(ev.at()))).append("</td><td>")
          .append(esc(ev.by())).append("</td><td");
      switch (ev.type()) {
        case STATE -> out.append(">state: ").append(esc(ev.state().label()));
        case ASSIGNMENT -> out.append(">").append(ev.assignee() == null ? "unassigned"
            : "assigned to " + esc(ev.assignee()));
        default -> out.append(" class=\"note\">note: ").append(esc(ev.note()));
      }
      out.append("</td></tr>");
    }
    out.append("</table>\n");
  }

  private static void diff(StringBuilder out, DiffView diff) {
    out.append("<h2>Differences</h2>");
    if (!diff.fromVersions()) {
      out.append("<p class=\"muted\">The version texts are no longer kept: these are the change event's own "
          + "sentences.</p>");
    }
    out.append("<p class=\"muted\">Removed words are struck through, added words underlined in green.</p>\n");
    String section = null;
    for (DiffView.Row r : diff.rows()) {
      if (r.type().equals("skip")) {
        out.append("<p class=\"muted\">... ").append(r.skipped()).append(" unchanged block")
            .append(r.skipped() == 1 ? "" : "s").append(" ...</p>");
        continue;
      }
      if (r.section() != null && !r.section().equals(section)) {
        section = r.section();
        out.append("<div class=\"section\">").append(esc("\u00a7 " + section)).append("</div>");
      }
      String sign = switch (r.type()) {
        case "added" -> "+ ";
        case "removed" -> "- ";
        case "modified" -> "~ ";
        case "moved-from" -> "moved away: ";
        case "moved-to" -> "moved here: ";
        default -> "";
      };
      out.append("<div class=\"row ").append(esc(r.type())).append("\">").append(esc(sign));
      for (WordSegment s : r.segments()) {
        switch (s.kind()) {
          case INSERTED -> out.append("<ins>").append(esc(s.text())).append("</ins>");
          case DELETED -> out.append("<del>").append(esc(s.text())).append("</del>");
          default -> out.append(esc(s.text()));
        }
      }
      out.append("</div>\n");
    }
  }

  private static String rules(DocumentDeclaration rules, Version version) {
    if (rules == null) {
      return "<span class=\"muted\">unknown</span>";
    }
    StringBuilder out = new StringBuilder("<div class=\"mono\">");
    out.append(esc("select: " + (rules.select().isEmpty() ? "(main content)" : rules.select().toString())));
    out.append("<br/>").append(esc("remove: " + (rules.remove().isEmpty() ? "(none)" : rules.remove().toString())));
    if (!rules.filters().isEmpty()) {
      out.append("<br/>").append(esc("filters: " + rules.filters()));
    }
    if (rules.render() != null) {
      out.append("<br/>").append(esc("render: " + rules.render().wire()));
    }
    out.append("<br/>").append(esc("url: " + rules.url())).append("<br/>").append(esc("digest: "
        + rules.rulesDigest())).append("</div>");
    if (version != null && version.declarationDigest() != null
        && !version.declarationDigest().equals(rules.rulesDigest())) {
      out.append("<p class=\"muted\">These are the rules policy-targets records for this capture time now; the "
          + "version was read with other rules (digest ").append(esc(version.declarationDigest()))
          .append("), changed since without a recorded history.</p>");
    }
    return out.toString();
  }

  private static String text(Version v, Instant at) {
    if (at == null) {
      return "<p class=\"muted\">None: this is the first version seen.</p>";
    }
    if (v == null) {
      return "<p class=\"muted\">No longer kept by the web service (it keeps the latest versions of each document); "
          + "the change event's sentences are above.</p>";
    }
    return "<pre>" + esc(v.text()) + "</pre>";
  }

  private static void row(StringBuilder out, String label, String value) {
    rowHtml(out, label, esc(value));
  }

  private static void rowHtml(StringBuilder out, String label, String html) {
    out.append("<tr><th>").append(esc(label)).append("</th><td>").append(html).append("</td></tr>");
  }

  private static void pair(StringBuilder out, String label, String before, String after) {
    out.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(before)).append("</td><td>")
        .append(esc(after)).append("</td></tr>");
  }

  private static void pairMono(StringBuilder out, String label, String before, String after) {
    out.append("<tr><th>").append(esc(label)).append("</th><td class=\"mono\">").append(esc(nn(before)))
        .append("</td><td class=\"mono\">").append(esc(nn(after))).append("</td></tr>");
  }

  /** A link when {@code url} is http(s), else the text; the URL is shown in full, since a printout loses links. */
  private static String link(String url) {
    if (url == null) {
      return "";
    }
    if (!url.matches("(?i)https?://\\S+")) {
      return esc(url);
    }
    return "<a href=\"" + esc(url) + "\">" + esc(url) + "</a>";
  }

  private static String wire(Version v) {
    return v.source() == null ? "" : v.source().wire();
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }

  static String time(Instant t) {
    return t == null ? "" : t.toString().replace("T", " ").replace("Z", " UTC");
  }

  /** Escapes text for element content and quoted attributes, dropping the characters XML 1.0 cannot carry. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(ch).append(s.charAt(++i));
          } else if (ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF)
              || (ch >= 0xE000 && ch <= 0xFFFD)) {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }
}
