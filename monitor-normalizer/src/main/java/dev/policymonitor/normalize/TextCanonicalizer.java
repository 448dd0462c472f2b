package dev.policymonitor.normalize;

import java.text.Normalizer.Form;

/**
 * Removes invisible noise from text: Unicode NFKC (compatibility forms such as ligatures and odd spaces
 * become their plain form), soft hyphens and zero-width characters dropped, every space separator a plain space.
 *
 * <p>Runs once per block of every page, so it is written as character loops rather than regular expressions (a
 * profile put about 40 % of the topology's CPU in {@code java.util.regex}); each method says the expression it
 * stands for, and returns its input unchanged when there is nothing to do.
 */
final class TextCanonicalizer {
  /** Below this every character is its own NFKC form (ASCII and the C1 controls). */
  private static final char NFKC_INVARIANT_BELOW = '\u00a0';

  private TextCanonicalizer() {}

  /**
   * Canonical form of a run of inline text; line breaks are kept, other spacing becomes plain spaces. In order:
   * {@code [\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f]} removed; NFKC; {@code \u2028}, {@code \u2029},
   * {@code \r\n} and {@code \r} become {@code \n}; {@code [\x00-\x08\x0e-\x1f\x7f]} removed;
   * {@code [\p{Zs}\t\x0b\f\u0085]} become a space.
   */
  static String canonical(String s) {
    int n = s.length();
    boolean nfkcInvariant = true;
    boolean plain = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= NFKC_INVARIANT_BELOW) {
        nfkcInvariant = false;
      }
      if (plain && (isInvisible(c) || isControl(c) || isOddSpace(c) || c == '\r' || c == '\u2028'
          || c == '\u2029')) {
        plain = false;
      }
    }
    if (plain && (nfkcInvariant || java.text.Normalizer.isNormalized(s, Form.NFKC))) {
      return s;
    }
    String t = withoutInvisible(s);
    if (!nfkcInvariant && !java.text.Normalizer.isNormalized(t, Form.NFKC)) {
      t = java.text.Normalizer.normalize(t, Form.NFKC);
    }
    StringBuilder out = new StringBuilder(t.length());
    int m = t.length();
    for (int j = 0; j < m; j++) {
      char c = t.charAt(j);
      if (c == '\r') {
        // \u2028 and \u2029 are line ends before "\r\n" is joined: "\r\u2028" is one line end too
        out.append('\n');
        if (j + 1 < m && (t.charAt(j + 1) == '\n' || t.charAt(j + 1) == '\u2028' || t.charAt(j + 1) == '\u2029')) {
          j++;
        }
      } else if (c == '\u2028' || c == '\u2029') {
        out.append('\n');
      } else if (isControl(c)) {
        continue;
      } else if (isOddSpace(c)) {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String withoutInvisible(String s) {
    int first = -1;
    for (int i = 0; i < s.length(); i++) {
      if (isInvisible(s.charAt(i))) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isInvisible(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code [\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f]}. */
  private static boolean isInvisible(char c) {
    return c >= '\u00ad' && (c == '\u00ad' || c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\u2060'
        || c == '\ufeff' || c == '\u180e' || c == '\u034f');
  }

  /** {@code [\x00-\x08\x0e-\x1f\x7f]}. */
  private static boolean isControl(char c) {
    return c <= '\u0008' || (c >= '\u000e' && c <= '\u001f') || c == '\u007f';
  }

  /** {@code [\p{Zs}\t\x0b\f\u0085]}: every space separator (the plain space too) and the odd spacing controls. */
  private static boolean isOddSpace(char c) {
    if (c == ' ') {
      return false; // a space is its own replacement
    }
    return c == '\t' || c == '\u000b' || c == '\f' || c == '\u0085'
        || (c >= '\u00a0' && Character.getType(c) == Character.SPACE_SEPARATOR);
  }

  /**
   * Tidies a whole document: trailing spaces cut, at most one blank line between blocks, no edge blank lines. Same
   * as {@code (?m)[ ]+$} removed, then {@code \n{3,}} replaced by two line ends, then {@link String#strip}.
   */
  static String tidy(String text) {
    String t = withoutTrailingSpaces(text);
    t = atMostOneBlankLine(t);
    return t.strip();
  }

  /**
   * {@code (?m)[ ]+$} removed: every run of spaces followed by the end of the text or a line terminator
   * ({@code \n}, {@code \r}, {@code \u0085}, {@code \u2028}, {@code \u2029}).
   */
  static String withoutTrailingSpaces(String text) {
    int n = text.length();
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) != ' ') {
        continue;
      }
      int end = i;
      while (end < n && text.charAt(end) == ' ') {
        end++;
      }
      if (end == n || isLineTerminator(text.charAt(end))) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, i);
        copied = end;
      }
      i = end - 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** {@code \n{3,}} replaced by {@code \n\n}. */
  private static String atMostOneBlankLine(String text) {
    if (!text.contains("\n\n\n")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != '\n') {
        out.append(c);
        continue;
      }
      int end = i;
      while (end < n && text.charAt(end) == '\n') {
        end++;
      }
      out.append(end - i >= 3 ? "\n\n" : text.substring(i, end));
      i = end - 1;
    }
    return out.toString();
  }
}
