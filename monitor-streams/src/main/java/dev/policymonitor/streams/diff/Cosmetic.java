package dev.policymonitor.streams.diff;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether two texts differ only cosmetically: in case, punctuation (Markdown marks included),
 * whitespace, the query strings of links, or dates. Such a change is recorded at low severity.
 */
public final class Cosmetic {
  private static final Pattern LINK_QUERY = Pattern.compile("((?:https?://|/)[^\\s)\\]?#\"']*)[?#][^\\s)\\]\"']*");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Cosmetic() {}

  /** The text reduced to lower-case words, links without query strings, every date as one token. */
  public static String canonical(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
    t = LINK_QUERY.matcher(t).replaceAll("$1");
    t = Dates.ANY.matcher(t).replaceAll(" datetoken ");
    t = t.toLowerCase(Locale.ROOT);
    return NOT_WORD.matcher(t).replaceAll(" ").strip();
  }

  /** True when {@code a} and {@code b} have the same canonical form. */
  public static boolean equivalent(String a, String b) {
    return canonical(a).equals(canonical(b));
  }
}
