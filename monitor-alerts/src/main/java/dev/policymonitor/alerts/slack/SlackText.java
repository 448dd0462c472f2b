package dev.policymonitor.alerts.slack;

import java.util.regex.Pattern;

/**
 * Makes untrusted text (policy sentences) safe inside Slack {@code mrkdwn}.
 *
 * <p>Slack reads control sequences only between {@code <} and {@code >}: {@code <!channel>},
 * {@code <!here>}, {@code <@U123>}, {@code <#C123>}, {@code <https://evil|click>}. Escaping {@code &},
 * {@code <} and {@code >} as Slack documents turns every one of them into visible text. Bare
 * {@code @channel}, {@code @here} and {@code @everyone} get a word joiner after the {@code @} so no
 * client or {@code link_names} setting can turn them into a mention; messages also set
 * {@code verbatim} so URLs in policy text are not auto-linked.
 */
public final class SlackText {
  private static final Pattern BROADCAST = Pattern.compile("@(channel|here|everyone)\\b", Pattern.CASE_INSENSITIVE);
  private static final char WORD_JOINER = '\u2060';

  private SlackText() {}

  public static String escape(String untrusted) {
    if (untrusted == null) {
      return "";
    }
    String s = untrusted.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return BROADCAST.matcher(s).replaceAll("@" + WORD_JOINER + "$1");
  }

  /** Cuts {@code s} to at most {@code max} characters, ending with an ellipsis when cut, never inside an entity. */
  public static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = max - 1;
    int amp = s.lastIndexOf('&', cut);
    if (amp >= 0 && s.indexOf(';', amp) >= cut) {
      cut = amp;
    }
    return s.substring(0, cut) + "\u2026";
  }
}
