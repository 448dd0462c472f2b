package dev.policymonitor.streams.diff;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds dates in policy text, and the policy's own "last updated" / "effective" date. */
public final class Dates {
  private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
      + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  private static final String DATE = "(?:" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}"
      + "|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+\\d{4}"
      + "|" + MONTH + ",?\\s+\\d{4}"
      + "|\\d{4}-\\d{1,2}-\\d{1,2}"
      + "|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4})";
  /** Any date in one of the usual English and numeric forms. */
  public static final Pattern ANY = Pattern.compile("\\b" + DATE + "\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern STATED = Pattern.compile(
      "(?:last\\s+(?:updated|modified|revised|amended|changed|reviewed)|(?:date\\s+of\\s+)?last\\s+revision"
          + "|effective(?:\\s+date)?(?:\\s+as\\s+of|\\s+from|\\s+on)?|(?:updated|revised|amended)(?:\\s+on|\\s+as\\s+of)?"
          + "|version\\s+date|valid\\s+from)"
          + "[\\s*_:\\-\\u2013\\u2014]*(?:on\\s+|as\\s+of\\s+)?(" + DATE + ")\\b",
      Pattern.CASE_INSENSITIVE);

  private Dates() {}

  /** The date the policy states for itself ("Last updated: March 3, 2024"), in lower case; empty when none. */
  public static Optional<String> stated(String text) {
    Matcher m = STATED.matcher(text);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")) : Optional.empty();
  }
}
