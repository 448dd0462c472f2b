package dev.policymonitor.streams.declarations;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.streams.Declarations;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Declarations} backed by OTA services: old captures get the rules that were valid at their capture time. */
public final class OtaDeclarations implements Declarations {
  private final Map<PolicyKey, OtaDocument> byKey = new HashMap<>();

  public OtaDeclarations(List<OtaService> services) {
    for (OtaService s : services) {
      s.documents().forEach((type, doc) -> byKey.put(new PolicyKey(s.id(), type), doc));
    }
  }

  /** The same services under another vendor id (when a declaration file is applied to a named vendor). */
  public static OtaDeclarations forVendor(String vendor, OtaService service) {
    return new OtaDeclarations(List.of(new OtaService(vendor, service.name(), service.documents(),
        service.warnings())));
  }

  @Override
  public Optional<DocumentDeclaration> forKey(PolicyKey key, Instant capturedAt) {
    OtaDocument doc = byKey.get(key);
    return doc == null ? Optional.empty() : Optional.of(doc.at(capturedAt));
  }
}
