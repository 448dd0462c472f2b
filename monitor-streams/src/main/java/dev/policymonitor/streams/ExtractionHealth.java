package dev.policymonitor.streams;

import dev.policymonitor.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges whether an extracted text can be trusted as a version: not empty, not a JavaScript shell page,
 * and not less than a fraction of the previous version (which usually means the selector or the page
 * layout broke, not that the policy lost half its text).
 */
final class ExtractionHealth {
  /** A text this short with a script-app root or a "enable JavaScript" notice is an unrendered shell. */
  static final int SHELL_MAX_CHARS = 400;
  private static final Pattern JS_NOTICE = Pattern.compile(
      "(?i)(enable|turn on|activate|requires?|need)\\s+(to\\s+)?(enable\\s+)?javascript|javascript\\s+(is\\s+)?(required|disabled)");
  private static final Pattern APP_ROOT = Pattern.compile(
      "(?i)<(div|main)[^>]+id=[\"'](root|app|__next|__nuxt|gatsby-focus-wrapper)[\"'][^>]*>\\s*</(div|main)>");
  private static final int SCAN_BYTES = 512 * 1024;

  private final double shrinkRatio;

  ExtractionHealth(double shrinkRatio) {
    this.shrinkRatio = shrinkRatio;
  }

  /** Why {@code text} is not a trustworthy version of {@code snapshot}; empty when it is. */
  Optional<String> problem(Snapshot snapshot, String text, String previousText) {
    if (text == null || text.isBlank()) {
      return Optional.of("no text extracted (empty page or selector matched nothing)");
    }
    String trimmed = text.strip();
    if (trimmed.length() < SHELL_MAX_CHARS && (JS_NOTICE.matcher(trimmed).find() || looksLikeAppShell(snapshot))) {
      return Optional.of("the page is an empty JavaScript shell (" + trimmed.length() + " characters of text)");
    }
    if (previousText != null && trimmed.length() < previousText.strip().length() * shrinkRatio) {
      return Optional.of(String.format(java.util.Locale.ROOT,
          "text shrank from %d to %d characters (more than %.0f%%): extraction probably broke",
          previousText.strip().length(), trimmed.length(), (1 - shrinkRatio) * 100));
    }
    return Optional.empty();
  }

  private static boolean looksLikeAppShell(Snapshot snapshot) {
    byte[] body = snapshot.body();
    String head = new String(body, 0, Math.min(body.length, SCAN_BYTES), StandardCharsets.ISO_8859_1);
    return APP_ROOT.matcher(head).find();
  }
}
