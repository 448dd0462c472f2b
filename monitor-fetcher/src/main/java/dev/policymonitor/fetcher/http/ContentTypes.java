package dev.policymonitor.fetcher.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** The content types the monitor can extract policy text from: HTML, XHTML, plain text, Markdown and PDF. */
public final class ContentTypes {
  public static final String PDF = "application/pdf";
  public static final String HTML = "text/html";
  private static final Set<String> ACCEPTED = Set.of(HTML, "application/xhtml+xml", "text/plain", "text/markdown",
      "text/x-markdown", PDF);

  private ContentTypes() {}

  /** {@code type/subtype} in lower case without parameters, or null. */
  public static String essence(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  public static boolean accepted(String essence) {
    return essence != null && ACCEPTED.contains(essence);
  }

  public static boolean isText(String essence) {
    return essence != null && !PDF.equals(essence);
  }

  /** A guess for a response without Content-Type: PDF by its magic number, HTML by a leading tag, else text. */
  public static String sniff(byte[] body) {
    if (body.length >= 5 && new String(body, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
      return PDF;
    }
    String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1).stripLeading()
        .toLowerCase(Locale.ROOT);
    return head.startsWith("<") ? HTML : "text/plain";
  }
}
