package dev.policymonitor.streams.declarations;

import dev.policymonitor.model.DatedDeclaration;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One document of an Open Terms Archive service: its current rules and the older rules of its history file.
 *
 * @param history older rules, each valid up to and including its {@code validUntil}
 */
public record OtaDocument(DocumentDeclaration current, List<DatedDeclaration> history) {

  public OtaDocument {
    Objects.requireNonNull(current, "current");
    history = history == null ? List.of()
        : history.stream().sorted(Comparator.comparing(DatedDeclaration::validUntil)).toList();
  }

  /** The rules valid for a capture made at {@code capturedAt}: the earliest history entry still valid, else current. */
  public DocumentDeclaration at(Instant capturedAt) {
    return DatedDeclaration.at(history, current, capturedAt);
  }

  /** The target of this document for {@code vendor}, carrying the whole history of its rules. */
  public Target toTarget(String vendor, String vendorName) {
    return new Target(vendor, vendorName, current, VendorsConfig.DEFAULT_POLL_INTERVAL, history, null);
  }
}
