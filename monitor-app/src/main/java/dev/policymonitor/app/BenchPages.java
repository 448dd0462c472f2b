package dev.policymonitor.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages {@code bench} serves and replays: the five seed policies of the demo ({@link DemoSite#seedPages}) inside
 * the chrome a vendor's page has around its policy (head with metadata, styles and an inline configuration script, a
 * mega menu, a cookie banner, a footer of links), about 30 KB each. A page has two moving parts: its noise (a
 * cache-busting script URL, which changes the HTML and not the text) and its edits (each one a sentence the policy
 * gains). Pages are kept as byte parts, so serving one copies no HTML.
 */
final class BenchPages {
  private final List<Parts> seeds = new ArrayList<>();

  /** One seed page cut where its moving parts go. */
  private record Parts(byte[] head, byte[] bodyUntilPolicyEnd, byte[] rest) {
    long size() {
      return head.length + bodyUntilPolicyEnd.length + rest.length;
    }
  }

  BenchPages() {
    for (String page : DemoSite.seedPages().values()) {
      String html = page.replace("<title>", CHROME.head() + "<title>")
          .replace("<header><nav>", "<header><nav>" + CHROME.menu())
          .replace("<footer>", "<footer>" + CHROME.footer());
      int headEnd = html.indexOf("</head>");
      int policyEnd = html.indexOf("</article>");
      if (headEnd < 0 || policyEnd < headEnd) {
        throw new IllegalStateException("a seed page has no </head> before its </article>");
      }
      seeds.add(new Parts(bytes(html.substring(0, headEnd)), bytes(html.substring(headEnd, policyEnd)),
          bytes(html.substring(policyEnd))));
    }
  }

  /** How many different policies there are; document {@code i} shows policy {@code i % seeds()}. */
  int seeds() {
    return seeds.size();
  }

  /** The average size of a page, in bytes, without noise or edits. */
  long averageBytes() {
    return seeds.stream().mapToLong(Parts::size).sum() / seeds.size();
  }

  /** Writes the page of {@code seed} with noise {@code noise} and {@code edits} sentences added; returns its size. */
  long write(int seed, int noise, int edits, OutputStream out) throws IOException {
    Parts p = seeds.get(seed);
    byte[] script = bytes(noise(noise));
    byte[] added = bytes(edits(edits));
    out.write(p.head);
    out.write(script);
    out.write(p.bodyUntilPolicyEnd);
    out.write(added);
    out.write(p.rest);
    return p.size() + script.length + added.length;
  }

  /** The size {@link #write} will write. */
  long size(int seed, int noise, int edits) {
    return seeds.get(seed).size() + bytes(noise(noise)).length + bytes(edits(edits)).length;
  }

  /** The page as bytes. */
  byte[] page(int seed, int noise, int edits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size(seed, noise, edits));
    try {
      write(seed, noise, edits, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** A validator that changes exactly when the page does. */
  static String etag(int seed, int noise, int edits) {
    return "\"s" + seed + "-n" + noise + "-e" + edits + "\"";
  }

  private static String noise(int noise) {
    return "<script src=\"/assets/app.js?v=" + (1_767_225_600L + noise) + "\" defer></script>";
  }

  /** Sentence {@code k} of the edits says how much longer data is kept: each one a real, classified change. */
  private static String edits(int edits) {
    StringBuilder out = new StringBuilder();
    for (int k = 1; k <= edits; k++) {
      out.append("<p>Amendment ").append(k).append(": we may keep your account data for ").append(k * 10 + 30)
          .append(" more days after you close your account.</p>");
    }
    return out.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The chrome around every policy, the same on every page (as a vendor's template is). */
  private static final Chrome CHROME = new Chrome();

  private static final class Chrome {
    String head() {
      StringBuilder h = new StringBuilder();
      h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
      for (String p : List.of("description", "og:title", "og:description", "og:image", "twitter:card", "robots")) {
        h.append("<meta name=\"").append(p).append("\" content=\"Privacy policy of the vendor: how we collect, ")
            .append("use and share your personal data\">");
      }
      for (int i = 0; i < 8; i++) {
        h.append("<link rel=\"preload\" href=\"/assets/font-").append(i).append(".woff2\" as=\"font\" crossorigin>");
      }
      h.append("<style>");
      for (int i = 0; i < 60; i++) {
        h.append(".c").append(i).append("{margin:0 ").append(i).append("px;padding:").append(i % 7)
            .append("px;color:#3").append(i % 10).append("3;font-size:1").append(i % 4).append("px}");
      }
      h.append("</style><script type=\"application/json\" id=\"site-config\">{\"locale\":\"en\",\"features\":[");
      for (int i = 0; i < 80; i++) {
        h.append(i == 0 ? "" : ",").append("{\"id\":\"feature-").append(i).append("\",\"enabled\":")
            .append(i % 3 == 0).append(",\"rollout\":").append(i % 100).append('}');
      }
      return h.append("]}</script>").toString();
    }

    String menu() {
      StringBuilder m = new StringBuilder("<ul class=\"mega-menu\">");
      for (int group = 0; group < 6; group++) {
        m.append("<li class=\"c").append(group).append("\"><span>Products ").append(group).append("</span><ul>");
        for (int i = 0; i < 10; i++) {
          m.append("<li><a href=\"/products/").append(group).append('/').append(i).append("?ref=nav\">Product ")
              .append(group).append('.').append(i).append("</a></li>");
        }
        m.append("</ul></li>");
      }
      return m.append("</ul>").toString();
    }

    String footer() {
      StringBuilder f = new StringBuilder("<div class=\"footer-links\">");
      for (int i = 0; i < 40; i++) {
        f.append("<a class=\"c").append(i).append("\" href=\"/company/page-").append(i).append("\">Company page ")
            .append(i).append("</a> ");
      }
      return f.append("</div>").toString();
    }
  }
}
