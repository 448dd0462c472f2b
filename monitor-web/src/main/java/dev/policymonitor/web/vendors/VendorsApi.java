package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vendors and documents from the web: {@code /api/vendors} and below (the routes and roles are in
 * {@link VendorRoutes}). Every write goes to {@code policy-targets} with origin {@code web}, the user's name and the
 * time on the target, and one log line saying who did what.
 */
final class VendorsApi implements WebHandler {
  private static final Logger LOG = LoggerFactory.getLogger(VendorsApi.class);
  private static final Set<String> DOCUMENT_PATCH = Set.of("paused");
  private static final Set<String> VENDOR_PATCH = Set.of("name", "paused");

  private final TargetCatalog catalog;
  private final PreviewApi previews;
  private final VendorRequests requests;
  private final Clock clock;

  VendorsApi(TargetCatalog catalog, PreviewApi previews, VendorRequests requests, Clock clock) {
    this.requests = requests;
    this.catalog = catalog;
    this.previews = previews;
    this.clock = clock;
  }

  /** A vendor and its documents, as the list shows it. */
  record VendorView(String id, String name, List<Target> documents) {}

  @Override
  public void handle(WebExchange exchange) throws IOException {
    try {
      dispatch(exchange, segments(exchange));
    } catch (BadInput e) {
      VendorResponses.refuse(exchange, e);
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the vendor list is not ready (streams is starting or rebalancing)");
    }
  }

  private void dispatch(WebExchange exchange, List<String> path) throws IOException {
    String method = exchange.getRequestMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (path.size() == 2) {
      if (read) {
        HttpResponses.json(exchange, 200, Map.of("vendors", views(catalog.all())));
      } else {
        addVendor(exchange);
      }
      return;
    }
    String vendor = path.get(2);
    if (path.size() == 3) {
      checkId(vendor, "privacy-policy");
      switch (method) {
        case "PATCH" -> patchVendor(exchange, vendor);
        case "DELETE" -> removeVendor(exchange, vendor);
        default -> HttpResponses.json(exchange, 200, vendorView(vendor));
      }
      return;
    }
    PolicyKey key = checkId(vendor, path.get(3));
    if (path.size() == 5 && read && path.get(4).equals("preview")) {
      previews.snapshot(exchange, key);
      return;
    }
    if (path.size() == 5 && read && path.get(4).equals("ignore-preview")) {
      previews.ignored(exchange, key);
      return;
    }
    if (path.size() != 4) {
      throw new BadInput(404, "no such vendors API route: " + exchange.getRequestURI().getPath(), null);
    }
    switch (method) {
      case "PUT" -> putDocument(exchange, key);
      case "PATCH" -> patchDocument(exchange, key);
      case "DELETE" -> removeDocuments(exchange, List.of(known(key)));
      default -> HttpResponses.json(exchange, 200, known(key));
    }
  }

  private void addVendor(WebExchange exchange) throws IOException {
    ObjectNode body = VendorRequests.object(exchange.requestBody(VendorRequests.MAX_BODY));
    List<Target> targets = requests.vendor(body);
    if (targets.isEmpty()) {
      throw new BadInput("a vendor needs at least one document", "documents");
    }
    String vendor = targets.get(0).vendor();
    if (!documentsOf(vendor).isEmpty()) {
      throw new BadInput(409, "vendor " + vendor + " exists already: add its documents with PUT /api/vendors/"
          + vendor + "/{document}", "id");
    }
    List<Target> written = stamp(exchange, targets);
    catalog.write(written);
    written.forEach(t -> audit(exchange, "added", t));
    HttpResponses.json(exchange, 201, new VendorView(vendor, written.get(0).vendorName(), written));
  }

  private void putDocument(WebExchange exchange, PolicyKey key) throws IOException {
    ObjectNode body = VendorRequests.object(exchange.requestBody(VendorRequests.MAX_BODY));
    Optional<Target> before = catalog.get(key);
    String vendorName = before.map(Target::vendorName)
        .or(() -> documentsOf(key.vendor()).stream().findFirst().map(Target::vendorName)).orElse(key.vendor());
    Target target = requests.document(body, key, vendorName);
    if (before.isPresent()) {
      target = target.withHistory(before.get().history()); // older dated rules still read older captures
    }
    Target written = stamp(exchange, List.of(target)).get(0);
    catalog.write(List.of(written));
    audit(exchange, before.isPresent() ? "changed" : "added", written);
    HttpResponses.json(exchange, before.isPresent() ? 200 : 201, written);
  }

  private void patchDocument(WebExchange exchange, PolicyKey key) throws IOException {
    ObjectNode body = patch(exchange, DOCUMENT_PATCH);
    Target target = known(key);
    Target written = stamp(exchange, List.of(paused(target, body))).get(0);
    catalog.write(List.of(written));
    audit(exchange, written.declaration().pollingPaused() ? "paused" : "resumed", written);
    HttpResponses.json(exchange, 200, written);
  }

  private void patchVendor(WebExchange exchange, String vendor) throws IOException {
    ObjectNode body = patch(exchange, VENDOR_PATCH);
    List<Target> documents = knownVendor(vendor);
    String name = null;
    if (body.has("name")) {
      JsonNode n = body.get("name");
      if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 200) {
        throw new BadInput("name must be a text of 1 to 200 characters", "name");
      }
      name = n.asText().strip();
    }
    List<Target> changed = new ArrayList<>();
    for (Target t : documents) {
      Target next = name == null ? t : t.withVendorName(name);
      changed.add(body.has("paused") ? paused(next, body) : next);
    }
    List<Target> written = stamp(exchange, changed);
    catalog.write(written);
    String what = (name == null ? "" : "renamed to " + name) + (body.has("paused")
        ? (name == null ? "" : ", ") + (body.get("paused").asBoolean() ? "paused" : "resumed") : "");
    written.forEach(t -> audit(exchange, what, t));
    HttpResponses.json(exchange, 200, new VendorView(vendor, written.get(0).vendorName(), written));
  }

  private void removeVendor(WebExchange exchange, String vendor) throws IOException {
    removeDocuments(exchange, knownVendor(vendor));
  }

  private void removeDocuments(WebExchange exchange, List<Target> targets) throws IOException {
    catalog.remove(targets.stream().map(Target::key).toList());
    targets.forEach(t -> audit(exchange, "removed", t));
    HttpResponses.json(exchange, 200, Map.of("removed", targets.stream().map(t -> t.key().toString()).toList()));
  }

  private static ObjectNode patch(WebExchange exchange, Set<String> allowed) throws IOException {
    ObjectNode body = VendorRequests.object(exchange.requestBody(VendorRequests.MAX_BODY));
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new BadInput("unknown key \"" + f + "\" (this change takes " + String.join(", ", allowed.stream()
            .sorted().toList()) + "; change the rest with PUT)", f);
      }
    }
    if (body.isEmpty()) {
      throw new BadInput("nothing to change: send " + String.join(" or ", allowed.stream().sorted().toList()), null);
    }
    if (body.has("paused") && !body.get("paused").isBoolean()) {
      throw new BadInput("paused must be true or false", "paused");
    }
    return body;
  }

  private static Target paused(Target t, ObjectNode body) {
    return t.withDeclaration(t.declaration().withPaused(body.get("paused").asBoolean()));
  }

  private List<Target> stamp(WebExchange exchange, List<Target> targets) {
    Principal who = exchange.principal();
    String name = who == null ? "unknown" : who.name();
    return targets.stream().map(t -> t.writtenFromWeb(name, clock.instant())).toList();
  }

  private static void audit(WebExchange exchange, String what, Target t) {
    Principal who = exchange.principal();
    LOG.info("vendor={} document={} {} from the web by {} ({}): url={} paused={} select={} remove={} ignore={}",
        t.vendor(), t.declaration().type(), what, who == null ? "unknown" : who.name(),
        who == null ? "-" : who.method(), t.url(), t.declaration().pollingPaused(), t.declaration().select(),
        t.declaration().remove(), t.declaration().ignore().size());
  }

  private Target known(PolicyKey key) {
    return catalog.get(key).orElseThrow(() -> new BadInput(404, "no such tracked document: " + key, null));
  }

  private List<Target> knownVendor(String vendor) {
    List<Target> documents = documentsOf(vendor);
    if (documents.isEmpty()) {
      throw new BadInput(404, "no such vendor: " + vendor, null);
    }
    return documents;
  }

  private List<Target> documentsOf(String vendor) {
    return catalog.all().stream().filter(t -> t.vendor().equals(vendor)).toList();
  }

  private VendorView vendorView(String vendor) {
    List<Target> documents = knownVendor(vendor);
    return new VendorView(vendor, documents.get(0).vendorName(), documents);
  }

  static List<VendorView> views(List<Target> all) {
    Map<String, List<Target>> byVendor = new LinkedHashMap<>();
    all.forEach(t -> byVendor.computeIfAbsent(t.vendor(), v -> new ArrayList<>()).add(t));
    return byVendor.entrySet().stream()
        .map(e -> new VendorView(e.getKey(), e.getValue().get(0).vendorName(), e.getValue())).toList();
  }

  private static PolicyKey checkId(String vendor, String document) {
    try {
      return new PolicyKey(vendor, document);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage(), e.getMessage().startsWith("vendor") ? "vendor" : "document");
    }
  }

  private static List<String> segments(WebExchange exchange) {
    try {
      return Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(s -> !s.isEmpty())
          .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    } catch (IllegalArgumentException e) {
      throw new BadInput("malformed escape in the request path: " + e.getMessage(), null);
    }
  }
}
