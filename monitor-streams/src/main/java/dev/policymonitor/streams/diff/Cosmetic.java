package dev.policymonitor.streams.diff;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Decides whether two texts differ only cosmetically: in case, punctuation (Markdown marks included),
 * whitespace, the query strings of links, or the policy's own stated date ("Last updated ...", "Stand ...",
 * "施行日 ...") and copyright years. A date, a duration or a number anywhere else is part of what the policy says:
 * "We keep backups until January 1, 2025" -> "... 2035" is not cosmetic. Such a change is recorded at low severity.
 */
public final class Cosmetic {
  private static final String DATE_TOKEN = " datetoken ";

  private Cosmetic() {}

  /** The text reduced to lower-case words, links without query strings, the stated date(s) as one token. */
  public static String canonical(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
    t = withoutLinkQueries(t);
    t = Dates.maskStated(t, DATE_TOKEN);
    t = t.toLowerCase(Locale.ROOT);
    return words(t);
  }

  /**
   * The text with the query string or fragment of each link removed, as
   * {@code ((?:https?://|/)[^\s)\]?#"']*)[?#][^\s)\]"']*} replaced by its group 1 would (a scan: the path of a
   * link runs to the first character that ends it, and only a {@code ?} or {@code #} there starts a query).
   */
  static String withoutLinkQueries(String t) {
    StringBuilder out = null;
    int last = 0;
    int p = 0;
    while (p < t.length()) {
      char c = t.charAt(p);
      if (c != '/' && (c != 'h' || !t.startsWith("http://", p) && !t.startsWith("https://", p))) {
        p++;
        continue;
      }
      int end = p;
      while (end < t.length() && !endsPath(t.charAt(end))) {
        end++;
      }
      if (end < t.length() && (t.charAt(end) == '?' || t.charAt(end) == '#')) {
        int query = end + 1;
        while (query < t.length() && !endsQuery(t.charAt(query))) {
          query++;
        }
        out = out == null ? new StringBuilder(t.length()) : out;
        out.append(t, last, end);
        last = query;
        p = query;
      } else {
        // Every start inside this path ends at the same character, which is no query: none matches.
        p = end + 1;
      }
    }
    return out == null ? t : out.append(t, last, t.length()).toString();
  }

  private static boolean endsPath(char c) {
    return c == '?' || c == '#' || endsQuery(c);
  }

  private static boolean endsQuery(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ')' || c == ']'
        || c == '"' || c == '\'';
  }

  /** Runs of characters that are neither letters nor numbers ({@code [^\p{L}\p{N}]+}) as one space, stripped. */
  static String words(String t) {
    char[] out = new char[t.length()];
    int length = 0;
    boolean gap = false;
    for (int i = 0; i < t.length(); ) {
      int c = t.codePointAt(i);
      int width = Character.charCount(c);
      if (c < 0x80 ? (c | 0x20) - 'a' < 26 && (c | 0x20) >= 'a' || c - '0' < 10 && c >= '0'
          : Character.isLetter(c) || isNumber(c)) {
        if (gap && length > 0) {
          out[length++] = ' ';
        }
        if (width == 1) {
          out[length++] = (char) c;
        } else {
          length += Character.toChars(c, out, length);
        }
        gap = false;
      } else {
        gap = true;
      }
      i += width;
    }
    return new String(out, 0, length);
  }

  private static boolean isNumber(int c) {
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  /** True when {@code a} and {@code b} have the same canonical form. */
  public static boolean equivalent(String a, String b) {
    return canonical(a).equals(canonical(b));
  }
}
