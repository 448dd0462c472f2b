package dev.policymonitor.streams.diff;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether two texts differ only cosmetically: in case, punctuation (Markdown marks included),
 * whitespace, the query strings of links, or the policy's own stated date ("Last updated ...", "Stand ...",
 * "施行日 ...") and copyright years. A date, a duration or a number anywhere else is part of what the policy says:
 * "We keep backups until January 1, 2025" -> "... 2035" is not cosmetic. Such a change is recorded at low severity.
 */
public final class Cosmetic {
  private static final Pattern LINK_QUERY = Pattern.compile("((?:https?://|/)[^\\s)\\]?#\"']*)[?#][^\\s)\\]\"']*");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final String DATE_TOKEN = " datetoken ";

  private Cosmetic() {}

  /** The text reduced to lower-case words, links without query strings, the stated date(s) as one token. */
  public static String canonical(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
    t = LINK_QUERY.matcher(t).replaceAll("$1");
    t = Dates.maskStated(t, DATE_TOKEN);
    t = t.toLowerCase(Locale.ROOT);
    return NOT_WORD.matcher(t).replaceAll(" ").strip();
  }

  /** True when {@code a} and {@code b} have the same canonical form. */
  public static boolean equivalent(String a, String b) {
    return canonical(a).equals(canonical(b));
  }
}
