package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A vendor and the documents of it that are tracked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VendorConfig(String id, String name, Duration pollInterval, List<DocumentDeclaration> documents) {
  public VendorConfig {
    Objects.requireNonNull(id, "id");
    documents = documents == null ? List.of() : List.copyOf(documents);
    name = name == null ? id : name;
  }
}
