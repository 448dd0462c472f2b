package dev.policymonitor.normalize;

import java.text.Normalizer.Form;
import java.util.regex.Pattern;

/**
 * Removes invisible noise from text: Unicode NFKC (compatibility forms such as ligatures and odd spaces
 * become their plain form), soft hyphens and zero-width characters dropped, every space separator a plain space.
 */
final class TextCanonicalizer {
  private static final Pattern INVISIBLE = Pattern.compile("[\\u00ad\\u200b\\u200c\\u200d\\u2060\\ufeff\\u180e\\u034f]");
  private static final Pattern ODD_SPACE = Pattern.compile("[\\p{Zs}\\t\\x0b\\f\\u0085]");
  private static final Pattern TRAILING_SPACES = Pattern.compile("(?m)[ ]+$");
  private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f]");

  private TextCanonicalizer() {}

  /** Canonical form of a run of inline text; line breaks are kept, other spacing becomes plain spaces. */
  static String canonical(String s) {
    String t = INVISIBLE.matcher(s).replaceAll("");
    if (!java.text.Normalizer.isNormalized(t, Form.NFKC)) {
      t = java.text.Normalizer.normalize(t, Form.NFKC);
    }
    t = t.replace('\u2028', '\n').replace('\u2029', '\n').replace("\r\n", "\n").replace('\r', '\n');
    t = CONTROL.matcher(t).replaceAll("");
    return ODD_SPACE.matcher(t).replaceAll(" ");
  }

  /** Tidies a whole document: trailing spaces cut, at most one blank line between blocks, no edge blank lines. */
  static String tidy(String text) {
    String t = TRAILING_SPACES.matcher(text).replaceAll("");
    t = BLANK_RUNS.matcher(t).replaceAll("\n\n");
    return t.strip();
  }
}
