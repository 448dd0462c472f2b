package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.model.net.TargetPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads what the web page and API send about vendors and documents, and checks it with the vendors file's own
 * validation ({@link VendorsConfig#parse}: same code, same messages): a vendor body is a vendor entry of a vendors
 * file, a document body a document entry; both are checked inside a one-vendor file. A problem is a
 * {@link BadInput} naming the field relative to the body ({@code url}, {@code select[0]}, {@code documents[1].type}).
 */
final class VendorRequests {
  /** How messages name what was checked. */
  static final String ORIGIN = "request";
  static final int MAX_BODY = 256 * 1024;

  private final TargetPolicy policy;

  /** @param policy the fetcher's SSRF guard: a URL it would refuse is refused here, up front, with the same reason */
  VendorRequests(TargetPolicy policy) {
    this.policy = policy;
  }

  /** A JSON object body. */
  static ObjectNode object(byte[] body) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw new BadInput("the body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(node instanceof ObjectNode o)) {
      throw new BadInput("the body must be a JSON object", null);
    }
    return o;
  }

  /**
   * The documents of a vendor entry ({@code {"id", "name", "pollInterval", "documents": [...]}}), each with its
   * poll interval resolved as a vendors file resolves it.
   */
  List<Target> vendor(ObjectNode entry) {
    ObjectNode file = Json.mapper().createObjectNode();
    file.putArray("vendors").add(entry);
    return check(file, "vendors[0].").targets();
  }

  /**
   * One document entry of vendor {@code vendor} (named {@code vendorName}) whose type the path gives: a {@code type}
   * in the body must be that one.
   */
  Target document(ObjectNode entry, PolicyKey key, String vendorName) {
    JsonNode type = entry.get("type");
    if (type != null && !(type.isTextual() && type.asText().equals(key.document()))) {
      throw new BadInput("the body's type " + type + " is not the document of the path (" + key.document()
          + "); to rename a document, add it under its new type and remove the old one", "type");
    }
    ObjectNode document = entry.deepCopy();
    document.put("type", key.document());
    ObjectNode vendor = Json.mapper().createObjectNode();
    vendor.put("id", key.vendor());
    vendor.put("name", vendorName);
    vendor.putArray("documents").add(document);
    ObjectNode file = Json.mapper().createObjectNode();
    file.putArray("vendors").add(vendor);
    return check(file, "vendors[0].documents[0].").targets().get(0);
  }

  /** A whole vendors file (YAML), checked as the fetcher checks its {@code --config}. */
  VendorsConfig file(byte[] yaml, String origin) {
    try {
      return guarded(VendorsConfig.parse(new ByteArrayInputStream(yaml), origin, true), origin);
    } catch (InvalidConfigException e) {
      throw new BadInput(e.getMessage(), e.field());
    }
  }

  private VendorsConfig check(ObjectNode file, String prefix) {
    ArrayNode vendors = (ArrayNode) file.get("vendors");
    if (vendors.size() != 1) {
      throw new IllegalStateException("one vendor per request");
    }
    try {
      return guarded(VendorsConfig.parse(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(file)), ORIGIN,
          true), ORIGIN);
    } catch (InvalidConfigException e) {
      throw new BadInput(e.getMessage(), relative(e.field(), prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The file's documents checked against this process's guard (its vendors file's {@code allowTargets} and
   * {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS}), not against an {@code allowTargets} list the request brings.
   */
  private VendorsConfig guarded(VendorsConfig config, String origin) {
    for (int i = 0; i < config.vendors().size(); i++) {
      VendorConfig vendor = config.vendors().get(i);
      for (int j = 0; j < vendor.documents().size(); j++) {
        DocumentDeclaration d = vendor.documents().get(j);
        String field = "vendors[" + i + "].documents[" + j + "].url";
        try {
          VendorsConfig.requireFetchableUrl(d.url(), origin + ": " + vendor.id() + "/" + d.type() + ": url", policy);
        } catch (InvalidConfigException e) {
          throw new InvalidConfigException(e.getMessage(), field);
        }
      }
    }
    return config;
  }

  private static String relative(String field, String prefix) {
    if (field == null || prefix.equals(field + ".")) {
      return null; // the entry as a whole (a missing key)
    }
    if (field.startsWith(prefix)) {
      return field.substring(prefix.length());
    }
    return field.equals("vendors[0].id") ? "id" : field;
  }
}
