package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One tracked document, published to the compacted {@code policy-targets} topic: what the fetcher polls, and the
 * extraction rules the streams service reads each capture with.
 *
 * @param declaration the current rules (and URL)
 * @param pollInterval resolved poll interval (document, else vendor, else global default)
 * @param history older rules, each valid for captures up to and including its {@code validUntil} (an Open Terms
 *     Archive declaration history); empty for most documents
 * @param origin who wrote the target; null in records written before origins were recorded
 * @param updatedBy who last changed it from the web page or API (the authenticated user's name); null otherwise
 * @param updatedAt when they did; null when {@code updatedBy} is
 */
public record Target(String vendor, String vendorName, DocumentDeclaration declaration, Duration pollInterval,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DatedDeclaration> history,
    @JsonInclude(JsonInclude.Include.NON_NULL) TargetOrigin origin,
    @JsonInclude(JsonInclude.Include.NON_NULL) String updatedBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant updatedAt) {
  public Target {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(pollInterval, "pollInterval");
    vendorName = vendorName == null ? vendor : vendorName;
    history = history == null ? List.of()
        : history.stream().sorted(Comparator.comparing(DatedDeclaration::validUntil)).toList();
  }

  /** A target with no declaration history and no recorded origin. */
  public Target(String vendor, String vendorName, DocumentDeclaration declaration, Duration pollInterval) {
    this(vendor, vendorName, declaration, pollInterval, List.of(), null);
  }

  /** A target nobody changed from the web. */
  public Target(String vendor, String vendorName, DocumentDeclaration declaration, Duration pollInterval,
      List<DatedDeclaration> history, TargetOrigin origin) {
    this(vendor, vendorName, declaration, pollInterval, history, origin, null, null);
  }

  public Target withOrigin(TargetOrigin newOrigin) {
    return new Target(vendor, vendorName, declaration, pollInterval, history, newOrigin, updatedBy, updatedAt);
  }

  public Target withHistory(List<DatedDeclaration> newHistory) {
    return new Target(vendor, vendorName, declaration, pollInterval, newHistory, origin, updatedBy, updatedAt);
  }

  public Target withDeclaration(DocumentDeclaration newDeclaration) {
    return new Target(vendor, vendorName, newDeclaration, pollInterval, history, origin, updatedBy, updatedAt);
  }

  public Target withVendorName(String newName) {
    return new Target(vendor, newName, declaration, pollInterval, history, origin, updatedBy, updatedAt);
  }

  /** This target as written from the web by {@code by} at {@code at} (origin {@link TargetOrigin#WEB}). */
  public Target writtenFromWeb(String by, Instant at) {
    return new Target(vendor, vendorName, declaration, pollInterval, history, TargetOrigin.WEB, by, at);
  }

  /**
   * The rules valid for a capture made at {@code capturedAt}: the earliest history entry whose {@code validUntil}
   * is not before it, else the current declaration.
   */
  public DocumentDeclaration declarationAt(Instant capturedAt) {
    return DatedDeclaration.at(history, declaration, capturedAt);
  }

  @JsonIgnore
  public PolicyKey key() {
    return new PolicyKey(vendor, declaration.type());
  }

  @JsonIgnore
  public String url() {
    return declaration.url();
  }

  /** The host of the URL, lower case: the unit of politeness. */
  @JsonIgnore
  public String host() {
    String host = URI.create(declaration.url()).getHost();
    return host == null ? "" : host.toLowerCase(Locale.ROOT);
  }
}
