package dev.policymonitor.streams;

import dev.policymonitor.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges whether an extracted text can be trusted as a version: not empty, not a JavaScript shell page
 * ({@link #unreadable}), and not less than a fraction of the previous version ({@link #shrunk}: usually the selector
 * or the page layout broke, not that the policy lost half its text; a shape that persists is accepted later).
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
    return unreadable(snapshot, text).or(() -> shrunk(text, previousText));
  }

  /**
   * Why {@code text} cannot be a version whatever came before: empty, or an unrendered JavaScript shell. Such a
   * capture never becomes a baseline.
   */
  Optional<String> unreadable(Snapshot snapshot, String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("no text extracted (empty page or selector matched nothing)");
    }
    String trimmed = text.strip();
    if (trimmed.length() < SHELL_MAX_CHARS && (JS_NOTICE.matcher(trimmed).find() || looksLikeAppShell(snapshot))) {
      return Optional.of("the page is an empty JavaScript shell (" + trimmed.length() + " characters of text)");
    }
    return Optional.empty();
  }

  /**
   * Why a readable {@code text} is suspect next to {@code previousText}: it lost more than the shrink ratio. A
   * broken layout or selector usually, but a real rewrite can do that too: {@link ChangeDetection} accepts such a
   * shape when it persists.
   */
  Optional<String> shrunk(String text, String previousText) {
    if (previousText == null || text == null) {
      return Optional.empty();
    }
    int before = previousText.strip().length();
    int after = text.strip().length();
    if (after < before * shrinkRatio) {
      return Optional.of(String.format(java.util.Locale.ROOT,
          "text shrank from %d to %d characters (more than %.0f%%): extraction probably broke",
          before, after, (1 - shrinkRatio) * 100));
    }
    return Optional.empty();
  }

  private static boolean looksLikeAppShell(Snapshot snapshot) {
    byte[] body = snapshot.body();
    String head = new String(body, 0, Math.min(body.length, SCAN_BYTES), StandardCharsets.ISO_8859_1);
    return APP_ROOT.matcher(head).find();
  }
}
