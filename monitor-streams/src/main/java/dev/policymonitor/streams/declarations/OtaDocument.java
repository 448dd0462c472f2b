package dev.policymonitor.streams.declarations;

import dev.policymonitor.model.DocumentDeclaration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One document of an Open Terms Archive service: its current rules and the older rules of its history file.
 *
 * @param history older rules, each valid up to and including its {@code validUntil}
 */
public record OtaDocument(DocumentDeclaration current, List<Dated> history) {

  /** Rules that applied to captures up to and including {@code validUntil}. */
  public record Dated(Instant validUntil, DocumentDeclaration declaration) {
    public Dated {
      Objects.requireNonNull(validUntil, "validUntil");
      Objects.requireNonNull(declaration, "declaration");
    }
  }

  public OtaDocument {
    Objects.requireNonNull(current, "current");
    history = history == null ? List.of()
        : history.stream().sorted(Comparator.comparing(Dated::validUntil)).toList();
  }

  /** The rules valid for a capture made at {@code capturedAt}: the earliest history entry still valid, else current. */
  public DocumentDeclaration at(Instant capturedAt) {
    for (Dated d : history) {
      if (!capturedAt.isAfter(d.validUntil())) {
        return d.declaration();
      }
    }
    return current;
  }
}
