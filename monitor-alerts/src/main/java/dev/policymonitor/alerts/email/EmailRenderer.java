package dev.policymonitor.alerts.email;

import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.text.ChangeSummary;
import dev.policymonitor.alerts.text.ChangedSentence;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.WordSegment;
import java.util.List;
import java.util.Locale;

/**
 * The subject, plain-text and HTML bodies of alert email. The HTML is a readable inline diff: deleted
 * words in {@code <del>}, inserted words in {@code <ins>}, every piece of policy text escaped.
 */
public final class EmailRenderer {
  /** Changed sentences shown per change; the rest are counted. */
  static final int MAX_SENTENCES = 200;
  private static final String INS = "<ins style=\"background:#e6ffec;color:#116329;text-decoration:none\">";
  private static final String DEL = "<del style=\"background:#ffebe9;color:#82071e\">";

  private final String baseUrl;

  /** @param baseUrl where the web page lives; null for no link */
  public EmailRenderer(String baseUrl) {
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
  }

  public String subject(Change c) {
    return oneLine("[policy-monitor] " + c.severity().wire().toUpperCase(Locale.ROOT) + " "
        + ChangeSummary.title(c) + ": " + ChangeSummary.counts(c.counts()));
  }

  public String subject(Digest d) {
    return oneLine("[policy-monitor] " + d.schedule().wire() + " digest: " + d.changes().size()
        + (d.changes().size() == 1 ? " change" : " changes") + " since " + d.windowStart());
  }

  public String text(Change c) {
    StringBuilder out = new StringBuilder();
    out.append(ChangeSummary.title(c)).append('\n');
    out.append("Severity: ").append(c.severity().wire()).append('\n');
    out.append("Categories: ").append(c.categories().isEmpty() ? "none" : String.join(", ", c.categories()))
        .append('\n');
    if (ChangeSummary.language(c) != null) {
      out.append("Language: ").append(ChangeSummary.language(c)).append('\n');
    }
    if (ChangeSummary.size(c) != null) {
      out.append("Major rewrite: ").append(ChangeSummary.size(c)).append('\n');
    }
    out.append("Summary: ").append(ChangeSummary.counts(c.counts())).append('\n');
    if (!c.reasons().isEmpty()) {
      out.append("Why: ").append(String.join("; ", c.reasons())).append('\n');
    }
    if (!c.flags().isEmpty()) {
      out.append("Flags: ").append(flags(c)).append('\n');
    }
    out.append("Captured: ").append(c.capturedAt()).append('\n');
    if (c.url() != null) {
      out.append("Source: ").append(c.url()).append('\n');
    }
    if (baseUrl != null) {
      out.append("See the whole change: ").append(changeUrl(c)).append('\n');
    }
    List<ChangedSentence> sentences = ChangeSummary.ranked(c);
    if (!sentences.isEmpty()) {
      out.append("\nRemoved words are shown as [-old-], added words as {+new+}.\n\n");
    }
    int shown = 0;
    for (ChangedSentence s : sentences) {
      if (shown++ == MAX_SENTENCES) {
        out.append("... and ").append(sentences.size() - MAX_SENTENCES).append(" more\n");
        break;
      }
      switch (s.type()) {
        case ADDED: out.append("+ ").append(s.text()); break;
        case REMOVED: out.append("- ").append(s.text()); break;
        default:
          out.append("~ ").append(WordSegment.marked(s.modification().segments()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  public String text(Digest d) {
    StringBuilder out = new StringBuilder(subject(d).substring("[policy-monitor] ".length())).append("\n\n");
    for (Change c : d.changes()) {
      d.review(c).ifPresent(state -> out.append("Review: ").append(state.label()).append('\n'));
      out.append(text(c)).append("\n----\n\n");
    }
    return out.toString();
  }

  public String html(Change c) {
    return page(subject(c), body(c));
  }

  public String html(Digest d) {
    StringBuilder out = new StringBuilder();
    out.append("<h1 style=\"font-size:20px\">").append(escape(subject(d).substring("[policy-monitor] ".length())))
        .append("</h1>\n");
    for (Change c : d.changes()) {
      d.review(c).ifPresent(state -> out.append("<p style=\"margin:12px 0 0\"><strong>Review:</strong> ")
          .append(escape(state.label())).append("</p>\n"));
      out.append(body(c)).append("<hr>\n");
    }
    return page(subject(d), out.toString());
  }

  private String body(Change c) {
    StringBuilder out = new StringBuilder();
    out.append("<h2 style=\"font-size:18px\">").append(escape(ChangeSummary.title(c))).append("</h2>\n");
    out.append("<p><strong>Severity:</strong> ").append(escape(c.severity().wire().toUpperCase(Locale.ROOT)))
        .append(" &middot; <strong>Categories:</strong> ")
        .append(escape(c.categories().isEmpty() ? "none" : String.join(", ", c.categories())));
    if (ChangeSummary.language(c) != null) {
      out.append(" &middot; <strong>Language:</strong> ").append(escape(ChangeSummary.language(c)));
    }
    out.append("</p>\n");
    if (ChangeSummary.size(c) != null) {
      out.append("<p><strong>Major rewrite:</strong> ").append(escape(ChangeSummary.size(c))).append("</p>\n");
    }
    out.append("<p>").append(escape(ChangeSummary.counts(c.counts()))).append("</p>\n");
    if (!c.reasons().isEmpty()) {
      out.append("<p><strong>Why:</strong> ").append(escape(String.join("; ", c.reasons()))).append("</p>\n");
    }
    if (!c.flags().isEmpty()) {
      out.append("<p><strong>Flags:</strong> ").append(escape(flags(c))).append("</p>\n");
    }
    List<ChangedSentence> sentences = ChangeSummary.ranked(c);
    int shown = 0;
    for (ChangedSentence s : sentences) {
      if (shown++ == MAX_SENTENCES) {
        out.append("<p>... and ").append(sentences.size() - MAX_SENTENCES).append(" more</p>\n");
        break;
      }
      out.append("<p style=\"margin:8px 0;padding:6px 8px;border-left:3px solid #d0d7de\"")
          .append(c.language() == null ? "" : " lang=\"" + escape(c.language()) + "\"").append('>');
      switch (s.type()) {
        case ADDED: out.append(INS).append(escape(s.text())).append("</ins>"); break;
        case REMOVED: out.append(DEL).append(escape(s.text())).append("</del>"); break;
        default:
          for (WordSegment seg : s.modification().segments()) {
            switch (seg.kind()) {
              case DELETED -> out.append(DEL).append(escape(seg.text())).append("</del>");
              case INSERTED -> out.append(INS).append(escape(seg.text())).append("</ins>");
              default -> out.append(escape(seg.text()));
            }
          }
      }
      out.append("</p>\n");
    }
    out.append("<p style=\"color:#57606a;font-size:12px\">Captured ").append(escape(c.capturedAt().toString()));
    if (c.url() != null && c.url().matches("https?://\\S+")) {
      out.append(" &middot; <a href=\"").append(escape(c.url())).append("\">source</a>");
    }
    out.append("</p>\n");
    if (baseUrl != null) {
      out.append("<p><a href=\"").append(escape(changeUrl(c))).append("\">See the whole change</a></p>\n");
    }
    return out.toString();
  }

  /** The change's permalink on the web page: {@code <base>/#/changes/<vendor>/<document>/<changeId>}. */
  String changeUrl(Change c) {
    return baseUrl + "/" + c.permalink();
  }

  private static String flags(Change c) {
    return String.join(", ", c.flags().stream().map(ChangeFlag::wire).toList());
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>\n"
        + "<body style=\"font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;"
        + "line-height:1.5;color:#1f2328;max-width:800px\">\n" + body + "</body></html>\n";
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(ch);
      }
    }
    return out.toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ");
  }
}
