package dev.policymonitor.normalize;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** The formats a snapshot may be in, told apart by content type first and by sniffing the bytes second. */
enum ContentKind {
  HTML, MARKDOWN, TEXT, PDF;

  private static final Pattern HTML_START = Pattern.compile(
      "(?is)^\\s*(<!doctype\\s+html|<html|<head|<body|<\\?xml|<!--|<(h[1-6]|p|div|table|ul|section|article)[\\s>])");
  private static final Pattern HTML_FRONT_MATTER_THEN_TAG = Pattern.compile("(?s)^---\\r?\\n.*?\\r?\\n---\\s*<");
  private static final Pattern MARKDOWN_LINE = Pattern.compile("(?m)^(#{1,6} |\\* |- |\\d+\\. |> |\\|.*\\|\\s*$)");

  /** The kind named by a content type (parameters ignored), or null when the type says nothing useful. */
  static ContentKind fromContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case "text/html":
      case "application/xhtml+xml":
      case "application/xml":
      case "text/xml":
        return HTML;
      case "text/markdown":
      case "text/x-markdown":
        return MARKDOWN;
      case "text/plain":
        return TEXT;
      case "application/pdf":
      case "application/x-pdf":
        return PDF;
      default:
        return null;
    }
  }

  /** The kind suggested by a URL or file name extension, or null. */
  static ContentKind fromName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
    if (n.endsWith(".pdf")) return PDF;
    if (n.endsWith(".md") || n.endsWith(".markdown")) return MARKDOWN;
    if (n.endsWith(".txt")) return TEXT;
    if (n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".xhtml")) return HTML;
    return null;
  }

  /** Sniffs the bytes: PDF magic, then HTML-looking markup, then Markdown-looking lines, else plain text. */
  static ContentKind sniff(byte[] body) {
    if (body.length >= 5 && body[0] == '%' && body[1] == 'P' && body[2] == 'D' && body[3] == 'F' && body[4] == '-') {
      return PDF;
    }
    String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
    if (head.startsWith("\u00ef\u00bb\u00bf")) {
      head = head.substring(3);
    }
    if (HTML_START.matcher(head).find() || HTML_FRONT_MATTER_THEN_TAG.matcher(head).find()
        || head.toLowerCase(Locale.ROOT).contains("<html")) {
      return HTML;
    }
    if (MARKDOWN_LINE.matcher(head).find()) {
      return MARKDOWN;
    }
    return TEXT;
  }
}
