package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.declarations.OtaDeclarationReader;
import dev.policymonitor.streams.declarations.OtaService;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole list as a vendors file, and imports:
 * <ul>
 *   <li>{@code GET /api/vendors-file}: what is tracked now, as a vendors YAML file;</li>
 *   <li>{@code POST /api/vendors-file?mode=merge|replace&dryRun=true|false} with a vendors YAML file: validated as a
 *       whole first (nothing is written when one entry is wrong), then planned ({@link ImportPlan}); a dry run only
 *       answers the plan. {@code merge} adds and changes; {@code replace} also untracks what the file does not list
 *       and needs the admin role;</li>
 *   <li>{@code POST /api/ota-import?dryRun=} with {@code {"name": "<Service>.json", "declaration": {...},
 *       "history": {...}}}: an Open Terms Archive declaration (and its history) merged in the same way.</li>
 * </ul>
 */
final class VendorsFileApi {
  static final int MAX_FILE = 1024 * 1024 - 1024;
  private static final Logger LOG = LoggerFactory.getLogger(VendorsFileApi.class);

  private final TargetCatalog catalog;
  private final VendorRequests requests;
  private final Clock clock;

  VendorsFileApi(TargetCatalog catalog, VendorRequests requests, Clock clock) {
    this.requests = requests;
    this.catalog = catalog;
    this.clock = clock;
  }

  void handle(WebExchange exchange) throws IOException {
    try {
      if (exchange.getRequestMethod().equals("POST")) {
        importFile(exchange);
      } else {
        export(exchange);
      }
    } catch (BadInput e) {
      VendorResponses.refuse(exchange, e);
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the vendor list is not ready (streams is starting or rebalancing)");
    }
  }

  void handleOta(WebExchange exchange) throws IOException {
    try {
      importOta(exchange);
    } catch (BadInput e) {
      VendorResponses.refuse(exchange, e);
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the vendor list is not ready (streams is starting or rebalancing)");
    }
  }

  private void export(WebExchange exchange) throws IOException {
    List<Target> all = catalog.all();
    Map<String, List<DocumentDeclaration>> documents = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    long withHistory = 0;
    for (Target t : all) {
      DocumentDeclaration d = t.declaration();
      boolean ownInterval = !t.pollInterval().equals(VendorsConfig.DEFAULT_POLL_INTERVAL);
      documents.computeIfAbsent(t.vendor(), v -> new ArrayList<>()).add(ownInterval
          ? new DocumentDeclaration(d.type(), d.url(), d.select(), d.remove(), d.filters(), d.render(),
              t.pollInterval(), d.paused(), d.ignore()) : withoutInterval(d));
      names.putIfAbsent(t.vendor(), t.vendorName());
      withHistory += t.history().isEmpty() ? 0 : 1;
    }
    List<VendorConfig> vendors = new ArrayList<>();
    documents.forEach((id, docs) -> vendors.add(new VendorConfig(id, names.get(id), null, docs)));
    String header = "# policy-monitor vendors file: what was tracked at " + clock.instant() + " (" + vendors.size()
        + " vendors, " + all.size() + " documents)\n"
        + (withHistory == 0 ? "" : "# " + withHistory + " document(s) also have older dated rules (an Open Terms "
            + "Archive history) that a vendors file cannot hold; they are kept when this file is imported back\n");
    byte[] yaml = (header + Json.yaml().writeValueAsString(new VendorsConfig(VendorsConfig.DEFAULT_POLL_INTERVAL,
        vendors))).getBytes(StandardCharsets.UTF_8);
    exchange.setResponseHeader("Content-Disposition", "attachment; filename=\"vendors.yaml\"");
    HttpResponses.send(exchange, 200, "application/yaml; charset=utf-8", yaml);
  }

  private static DocumentDeclaration withoutInterval(DocumentDeclaration d) {
    return new DocumentDeclaration(d.type(), d.url(), d.select(), d.remove(), d.filters(), d.render(),
        null, d.paused(), d.ignore());
  }

  private void importFile(WebExchange exchange) throws IOException {
    Map<String, List<String>> query = PreviewApi.query(exchange);
    String mode = one(query, "mode", "merge");
    if (!mode.equals("merge") && !mode.equals("replace")) {
      throw new BadInput("mode must be merge or replace: " + mode, "mode");
    }
    boolean dryRun = dryRun(query);
    boolean replace = mode.equals("replace");
    if (replace && !dryRun && !isAdmin(exchange)) {
      throw new BadInput(403, "replacing the whole list untracks every document the file does not list: that "
          + "needs the admin role (a merge, which only adds and changes, needs editor)", "mode");
    }
    VendorsConfig file = requests.file(exchange.requestBody(MAX_FILE), "uploaded vendors file");
    apply(exchange, ImportPlan.of(file.targets(), catalog.all(), replace), mode, dryRun, List.of());
  }

  private void importOta(WebExchange exchange) throws IOException {
    boolean dryRun = dryRun(PreviewApi.query(exchange));
    ObjectNode body = VendorRequests.object(exchange.requestBody(MAX_FILE));
    JsonNode declaration = body.get("declaration");
    String name = body.path("name").asText("declaration.json");
    OtaService service;
    try {
      service = new OtaDeclarationReader().read(name, declaration, body.hasNonNull("history")
          ? body.get("history") : null);
    } catch (InvalidConfigException e) {
      throw new BadInput(e.getMessage(), "declaration");
    }
    // The current rules must pass the vendors file's checks, as `vendors import-ota` requires of its output.
    byte[] yaml = Json.yaml().writeValueAsBytes(new VendorsConfig(null, List.of(service.toVendorConfig())));
    requests.file(yaml, name);
    apply(exchange, ImportPlan.of(service.targets(), catalog.all(), false), "merge", dryRun, service.warnings());
  }

  private void apply(WebExchange exchange, ImportPlan plan, String mode, boolean dryRun, List<String> warnings)
      throws IOException {
    String who = exchange.principal() == null ? "unknown" : exchange.principal().name();
    if (!dryRun && !plan.isEmpty()) {
      List<Target> written = plan.toWrite().stream().map(t -> t.writtenFromWeb(who, clock.instant())).toList();
      catalog.write(written);
      catalog.remove(plan.removed().stream().map(Target::key).toList());
      LOG.info("vendor=* document=* import ({}) from the web by {}: {} added, {} changed, {} removed, {} unchanged",
          mode, who, plan.added().size(), plan.changed().size(), plan.removed().size(), plan.unchanged());
      plan.added().forEach(t -> LOG.info("vendor={} document={} added by import from the web by {}: url={}",
          t.vendor(), t.declaration().type(), who, t.url()));
      plan.changed().forEach(c -> LOG.info("vendor={} document={} changed by import from the web by {}: {}",
          c.after().vendor(), c.after().declaration().type(), who, c.fields()));
      plan.removed().forEach(t -> LOG.info("vendor={} document={} removed by import from the web by {}",
          t.vendor(), t.declaration().type(), who));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("mode", mode);
    answer.put("dryRun", dryRun);
    answer.put("applied", !dryRun);
    answer.put("added", plan.added().stream().map(t -> Map.of("key", t.key().toString(), "url", t.url())).toList());
    answer.put("changed", plan.changed().stream().map(c -> Map.of("key", c.after().key().toString(),
        "fields", c.fields())).toList());
    answer.put("removed", plan.removed().stream().map(t -> t.key().toString()).toList());
    answer.put("unchanged", plan.unchanged());
    answer.put("warnings", warnings);
    HttpResponses.json(exchange, 200, answer);
  }

  private static boolean isAdmin(WebExchange exchange) {
    Principal p = exchange.principal();
    return p != null && p.role().atLeast(Role.ADMIN);
  }

  private static boolean dryRun(Map<String, List<String>> query) {
    String value = one(query, "dryRun", "true");
    if (!value.equals("true") && !value.equals("false")) {
      throw new BadInput("dryRun must be true or false: " + value, "dryRun");
    }
    return value.equals("true");
  }

  private static String one(Map<String, List<String>> query, String name, String fallback) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? fallback : values.get(0).trim();
  }
}
