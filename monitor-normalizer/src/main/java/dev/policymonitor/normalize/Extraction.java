package dev.policymonitor.normalize;

import java.util.List;
import java.util.Objects;

/**
 * The canonical text of one snapshot and what the normalizer had to skip or guess on the way.
 *
 * @param text canonical Markdown: one block per paragraph, blank line between blocks
 * @param warnings human-readable notes (skipped OTA filters, charset fallbacks, ...); never fatal
 */
public record Extraction(String text, List<String> warnings) {
  public Extraction {
    Objects.requireNonNull(text, "text");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
