package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One tracked document: what the fetcher polls, published to the compacted {@code policy-targets} topic.
 *
 * @param pollInterval resolved poll interval (document, else vendor, else global default)
 */
public record Target(String vendor, String vendorName, DocumentDeclaration declaration, Duration pollInterval) {
  public Target {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(pollInterval, "pollInterval");
    vendorName = vendorName == null ? vendor : vendorName;
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
