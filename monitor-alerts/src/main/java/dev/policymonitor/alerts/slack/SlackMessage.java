package dev.policymonitor.alerts.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.text.ChangeSummary;
import dev.policymonitor.alerts.text.ChangedSentence;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.WordSegment;
import java.util.List;
import java.util.Locale;

/**
 * Builds the Block Kit payload of one change or one digest, within Slack's limits: at most 50 blocks,
 * 3000 characters per section text, 150 per header, and a bounded total; whatever does not fit is
 * counted in an "... and N more" line. All policy text goes through {@link SlackText#escape}.
 */
public final class SlackMessage {
  static final int MAX_BLOCKS = 50;
  static final int MAX_SECTION_CHARS = 3000;
  static final int MAX_HEADER_CHARS = 150;
  static final int MAX_FIELD_CHARS = 2000;
  /** Budget for all changed-sentence text of one message; keeps it readable and far below Slack's size limits. */
  static final int MAX_SENTENCE_CHARS = 12_000;
  /** Changed sentences shown in one message. */
  static final int MAX_SENTENCES = 10;
  /** Blocks kept free at the end for the "more" line and the buttons. */
  private static final int RESERVED_BLOCKS = 3;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final String baseUrl;

  /** @param baseUrl where the web page lives, e.g. {@code https://monitor.example.com}; null for no link */
  public SlackMessage(String baseUrl) {
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
  }

  /** The payload for one change. */
  public ObjectNode forChange(Change c) {
    ObjectNode root = JSON.objectNode();
    root.put("text", SlackText.escape(fallback(c)));
    root.put("unfurl_links", false);
    root.put("unfurl_media", false);
    ArrayNode blocks = root.putArray("blocks");
    blocks.add(header(ChangeSummary.title(c)));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    fields.add(mrkdwn("*Severity*\n" + c.severity().wire().toUpperCase(Locale.ROOT)));
    fields.add(mrkdwn(SlackText.truncate("*Categories*\n" + (c.categories().isEmpty() ? "none"
        : SlackText.escape(String.join(", ", c.categories()))), MAX_FIELD_CHARS)));
    String language = ChangeSummary.language(c);
    if (language != null) {
      fields.add(mrkdwn("*Language*\n" + SlackText.escape(language)));
    }
    String size = ChangeSummary.size(c);
    if (size != null) {
      fields.add(mrkdwn("*Major rewrite*\n" + SlackText.escape(size)));
    }
    StringBuilder summary = new StringBuilder(SlackText.escape(ChangeSummary.counts(c.counts())));
    if (!c.reasons().isEmpty()) {
      summary.append("\n*Why:* ").append(SlackText.escape(String.join("; ", c.reasons())));
    }
    if (!c.flags().isEmpty()) {
      summary.append("\n*Flags:* ").append(SlackText.escape(String.join(", ",
          c.flags().stream().map(ChangeFlag::wire).toList())));
    }
    blocks.add(section(summary.toString()));
    List<ChangedSentence> sentences = ChangeSummary.ranked(c);
    if (!sentences.isEmpty()) {
      blocks.addObject().put("type", "divider");
    }
    int shown = 0;
    int chars = 0;
    for (ChangedSentence s : sentences) {
      String text = SlackText.truncate(render(s), MAX_SECTION_CHARS);
      if (shown >= MAX_SENTENCES || chars + text.length() > MAX_SENTENCE_CHARS
          || blocks.size() >= MAX_BLOCKS - RESERVED_BLOCKS) {
        break;
      }
      blocks.add(section(text));
      chars += text.length();
      shown++;
    }
    if (shown < sentences.size()) {
      blocks.add(context("... and " + (sentences.size() - shown) + " more changed "
          + (sentences.size() - shown == 1 ? "sentence" : "sentences")));
    }
    blocks.add(context("Captured " + c.capturedAt()
        + (c.previousCapturedAt() == null ? "" : " (previous " + c.previousCapturedAt() + ")")
        + " \u00b7 change " + SlackText.escape(c.changeId())));
    ArrayNode buttons = JSON.arrayNode();
    if (baseUrl != null) {
      buttons.add(button("See the whole change", changeUrl(c), "primary"));
    }
    if (c.url() != null && c.url().matches("https?://\\S+") && c.url().length() <= 3000) {
      buttons.add(button("Open the policy", c.url(), null));
    }
    if (!buttons.isEmpty()) {
      blocks.addObject().put("type", "actions").set("elements", buttons);
    }
    return root;
  }

  /**
   * The payload for a digest: one section per change, most severe first, with its review state when the digest
   * went out and a link when configured.
   */
  public ObjectNode forDigest(Digest d) {
    ObjectNode root = JSON.objectNode();
    String title = "Policy changes: " + d.changes().size() + (d.changes().size() == 1 ? " change" : " changes")
        + " (" + d.schedule().wire() + " digest)";
    root.put("text", SlackText.escape(title));
    root.put("unfurl_links", false);
    root.put("unfurl_media", false);
    ArrayNode blocks = root.putArray("blocks");
    blocks.add(header(title));
    blocks.add(context("From " + d.windowStart() + " to " + d.windowEnd()));
    List<Change> sorted = d.changes().stream()
        .sorted((a, b) -> b.severity().compareTo(a.severity())).toList();
    int shown = 0;
    int chars = 0;
    for (Change c : sorted) {
      StringBuilder line = new StringBuilder("*").append(c.severity().wire().toUpperCase(Locale.ROOT)).append("* ")
          .append(SlackText.escape(ChangeSummary.title(c))).append(": ")
          .append(SlackText.escape(ChangeSummary.counts(c.counts())));
      d.review(c).ifPresent(state -> line.append("\nReview: *").append(state.label()).append('*'));
      if (!c.categories().isEmpty()) {
        line.append("\n_").append(SlackText.escape(String.join(", ", c.categories()))).append('_');
      }
      if (baseUrl != null) {
        line.append("\n<").append(SlackText.escape(changeUrl(c))).append("|See the change>");
      }
      String text = SlackText.truncate(line.toString(), MAX_SECTION_CHARS);
      if (chars + text.length() > MAX_SENTENCE_CHARS || blocks.size() >= MAX_BLOCKS - RESERVED_BLOCKS) {
        break;
      }
      blocks.add(section(text));
      chars += text.length();
      shown++;
    }
    if (shown < sorted.size()) {
      blocks.add(context("... and " + (sorted.size() - shown) + " more"));
    }
    return root;
  }

  /**
   * The change's permalink on the web page, {@code <base>/#/changes/<vendor>/<document>/<changeId>}; the key and id
   * are our own lower-case ASCII, so they need no escaping.
   */
  String changeUrl(Change c) {
    return baseUrl + "/" + c.permalink();
  }

  private static String fallback(Change c) {
    return "[" + c.severity().wire().toUpperCase(Locale.ROOT) + "] " + ChangeSummary.title(c) + ": "
        + ChangeSummary.counts(c.counts());
  }

  /** One changed sentence in mrkdwn: removed words struck through, added words in bold. */
  static String render(ChangedSentence s) {
    switch (s.type()) {
      case ADDED:
        return ":heavy_plus_sign: *Added:* " + SlackText.escape(s.text());
      case REMOVED:
        return ":heavy_minus_sign: *Removed:* " + mark("~", s.text());
      default:
        StringBuilder out = new StringBuilder(":pencil2: *Modified:* ");
        WordSegment.Kind previous = WordSegment.Kind.KEPT;
        for (WordSegment seg : s.modification().segments()) {
          switch (seg.kind()) {
            case DELETED -> out.append(mark("~", seg.text()));
            // mrkdwn needs a space between "~old~" and "*new*" to see both marks
            case INSERTED -> out.append(previous == WordSegment.Kind.DELETED ? " " : "").append(mark("*", seg.text()));
            default -> out.append(SlackText.escape(seg.text()));
          }
          previous = seg.kind();
        }
        return out.toString();
    }
  }

  /** Wraps the non-blank part of {@code text} in a mrkdwn marker, keeping the surrounding spaces outside. */
  private static String mark(String marker, String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return text;
    }
    int start = text.indexOf(trimmed);
    return text.substring(0, start) + marker + SlackText.escape(trimmed) + marker
        + text.substring(start + trimmed.length());
  }

  private static ObjectNode header(String text) {
    ObjectNode block = JSON.objectNode().put("type", "header");
    block.putObject("text").put("type", "plain_text")
        .put("text", SlackText.truncate(text, MAX_HEADER_CHARS)).put("emoji", false);
    return block;
  }

  private static ObjectNode section(String mrkdwn) {
    ObjectNode block = JSON.objectNode().put("type", "section");
    block.set("text", mrkdwn(SlackText.truncate(mrkdwn, MAX_SECTION_CHARS)));
    return block;
  }

  private static ObjectNode context(String mrkdwn) {
    ObjectNode block = JSON.objectNode().put("type", "context");
    block.putArray("elements").add(mrkdwn(mrkdwn));
    return block;
  }

  private static ObjectNode mrkdwn(String text) {
    return JSON.objectNode().put("type", "mrkdwn").put("text", text).put("verbatim", true);
  }

  private static ObjectNode button(String label, String url, String style) {
    ObjectNode b = JSON.objectNode().put("type", "button");
    b.putObject("text").put("type", "plain_text").put("text", label);
    b.put("url", url);
    if (style != null) {
      b.put("style", style);
    }
    return b;
  }
}
