package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorsConfig;
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

  private VendorRequests() {}

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
  static List<Target> vendor(ObjectNode entry) {
    ObjectNode file = Json.mapper().createObjectNode();
    file.putArray("vendors").add(entry);
    return check(file, "vendors[0].").targets();
  }

  /**
   * One document entry of vendor {@code vendor} (named {@code vendorName}) whose type the path gives: a {@code type}
   * in the body must be that one.
   */
  static Target document(ObjectNode entry, PolicyKey key, String vendorName) {
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
  static VendorsConfig file(byte[] yaml, String origin) {
    try {
      return VendorsConfig.parse(new ByteArrayInputStream(yaml), origin);
    } catch (InvalidConfigException e) {
      throw new BadInput(e.getMessage(), e.field());
    }
  }

  private static VendorsConfig check(ObjectNode file, String prefix) {
    ArrayNode vendors = (ArrayNode) file.get("vendors");
    if (vendors.size() != 1) {
      throw new IllegalStateException("one vendor per request");
    }
    try {
      return VendorsConfig.parse(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(file)), ORIGIN);
    } catch (InvalidConfigException e) {
      throw new BadInput(e.getMessage(), relative(e.field(), prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
