package dev.policymonitor.streams.declarations;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Open Terms Archive service read from {@code <Service>.json} (and its history file).
 *
 * @param id vendor id derived from the name ({@code npm Public Registry} -> {@code npm-public-registry})
 * @param documents by our document type ({@code Privacy Policy} -> {@code privacy-policy})
 * @param warnings what could not be carried over (JavaScript filters, multi-page {@code combine})
 */
public record OtaService(String id, String name, Map<String, OtaDocument> documents, List<String> warnings) {
  public OtaService {
    Objects.requireNonNull(id, "id");
    documents = Map.copyOf(documents);
    warnings = List.copyOf(warnings);
  }

  /** Every document as a target of this vendor, with the history of its rules. */
  public List<Target> targets() {
    return documents.keySet().stream().sorted().map(type -> documents.get(type).toTarget(id, name)).toList();
  }

  /** The vendor with each document's current rules (a vendors file has no room for the history). */
  public VendorConfig toVendorConfig() {
    List<DocumentDeclaration> current = new ArrayList<>();
    documents.keySet().stream().sorted().forEach(type -> current.add(documents.get(type).current()));
    return new VendorConfig(id, name, null, current);
  }
}
