package dev.policymonitor.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Extraction rules that applied to captures up to and including {@code validUntil} (an entry of an Open Terms
 * Archive declaration history).
 */
public record DatedDeclaration(Instant validUntil, DocumentDeclaration declaration) {
  public DatedDeclaration {
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(declaration, "declaration");
  }

  /**
   * The rules valid for a capture made at {@code capturedAt}: those of the earliest entry of {@code history} (sorted
   * by {@code validUntil}) that is still valid, else {@code current}.
   */
  public static DocumentDeclaration at(List<DatedDeclaration> history, DocumentDeclaration current,
      Instant capturedAt) {
    for (DatedDeclaration d : history) {
      if (!capturedAt.isAfter(d.validUntil())) {
        return d.declaration();
      }
    }
    return current;
  }
}
