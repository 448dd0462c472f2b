package dev.policymonitor.normalize;

import java.util.List;
import java.util.Objects;

/**
 * The canonical text of one snapshot and what the normalizer had to skip or guess on the way.
 *
 * @param text canonical Markdown: one block per paragraph, blank line between blocks
 * @param warnings human-readable notes (skipped OTA filters, charset fallbacks, ...); never fatal
 * @param language the text's language as a BCP 47 primary tag ({@code fr}, {@code ko}, ...): the page's
 *     {@code <html lang>} or the server's {@code Content-Language}, unless the text clearly reads as another
 *     language ({@link LanguageDetector}); null when unknown
 */
public record Extraction(String text, List<String> warnings, String language) {
  public Extraction {
    Objects.requireNonNull(text, "text");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** An extraction whose language is not known. */
  public Extraction(String text, List<String> warnings) {
    this(text, warnings, null);
  }
}
