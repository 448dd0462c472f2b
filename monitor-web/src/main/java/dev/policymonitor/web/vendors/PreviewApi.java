package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.fetcher.FetchResult;
import dev.policymonitor.fetcher.PreviewFetcher;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.ExtractionPreview;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.StoreAccess;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The selector preview, before anything is saved:
 * <ul>
 *   <li>{@code POST /api/preview} with a document entry (and optionally {@code "vendor"}): fetches the URL once
 *       through the fetcher's own client and host budget ({@link PreviewFetcher}; a busy host is a 429) and shows what
 *       the rules extract, judged as change detection would judge it (against the document's current version when
 *       it is tracked);</li>
 *   <li>{@code GET /api/vendors/{vendor}/{document}/preview?select=&remove=&ignore=&regex=}: the same on the stored
 *       snapshot of the document's current version, read on the instance that holds it (no fetch);</li>
 *   <li>{@code GET .../ignore-preview?text=&regex=}: {@link IgnorePreview}.</li>
 * </ul>
 * Rules are checked by the vendors file's validation first ({@link VendorRequests}).
 */
final class PreviewApi implements WebHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PreviewApi.class);

  private final Supplier<PreviewFetcher> fetcher;
  private final ExtractionPreview extraction;
  private final StoreAccess stores;
  private final TargetCatalog catalog;
  private final Relay detectorOwner;
  private final CurrentText current;
  private final IgnorePreview ignorePreview;
  private final VendorRequests requests;

  PreviewApi(Supplier<PreviewFetcher> fetcher, ExtractionPreview extraction, StoreAccess stores, TargetCatalog catalog,
      Relay detectorOwner, CurrentText current, IgnorePreview ignorePreview, VendorRequests requests) {
    this.fetcher = fetcher;
    this.extraction = extraction;
    this.stores = stores;
    this.catalog = catalog;
    this.detectorOwner = detectorOwner;
    this.current = current;
    this.ignorePreview = ignorePreview;
    this.requests = requests;
  }

  /** {@code POST /api/preview}: a live fetch. */
  @Override
  public void handle(WebExchange exchange) throws IOException {
    try {
      live(exchange);
    } catch (BadInput e) {
      VendorResponses.refuse(exchange, e);
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the stores are not ready (streams is starting or rebalancing)");
    }
  }

  private void live(WebExchange exchange) throws IOException {
    ObjectNode body = VendorRequests.object(exchange.requestBody(VendorRequests.MAX_BODY));
    JsonNode vendorNode = body.remove("vendor");
    String vendor = vendorNode == null || vendorNode.asText().isBlank() ? "preview" : vendorNode.asText();
    String type = body.path("type").asText("preview");
    PolicyKey key = key(vendor, type.isBlank() ? "preview" : type);
    Target target = requests.document(body, key, vendor);
    FetchResult result;
    PreviewFetcher previews = fetcher.get();
    try {
      result = previews.fetch(target);
    } catch (PreviewFetcher.HostBusy e) {
      exchange.setResponseHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
      HttpResponses.error(exchange, 429, e.getMessage());
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("source", "live");
    if (target.declaration().render() == RenderMode.BROWSER && !previews.renders()) {
      answer.put("renderNote", "this process runs no fetcher and so no browser: the page was fetched plainly; "
          + "preview the stored snapshot to see it rendered");
    }
    if (result instanceof FetchResult.Failed f) {
      FetchError e = f.error();
      answer.put("fetched", false);
      answer.put("error", Map.of("kind", e.kind().wire(), "status", e.status(), "message", e.message()));
      LOG.info("vendor={} document={} preview of {} by {}: fetch failed: {}", key.vendor(), key.document(),
          target.url(), who(exchange), e.message());
      HttpResponses.json(exchange, 200, answer);
      return;
    }
    Snapshot snapshot = ((FetchResult.Fetched) result).snapshot();
    String previous = catalog.get(key).isPresent() ? current.of(key).orElse(null) : null;
    answer.put("fetched", true);
    answer.put("url", snapshot.url());
    answer.put("status", snapshot.httpStatus());
    answer.put("contentType", snapshot.contentType());
    answer.put("bytes", snapshot.body().length);
    answer.put("rendered", snapshot.rendered() != null);
    answer.put("preview", extraction.preview(snapshot, target.declaration(), previous));
    LOG.info("vendor={} document={} preview of {} by {}: {} bytes", key.vendor(), key.document(), target.url(),
        who(exchange), snapshot.body().length);
    HttpResponses.json(exchange, 200, answer);
  }

  /** {@code GET /api/vendors/{vendor}/{document}/preview?...}: the rules on the stored snapshot. */
  void snapshot(WebExchange exchange, PolicyKey key) throws IOException {
    Map<String, List<String>> query = query(exchange);
    if (detectorOwner.forwarded(exchange, key)) {
      return;
    }
    Snapshot snapshot = stores.<Snapshot>store(PolicyTopology.LATEST_SNAPSHOT_STORE).get(key.toString());
    if (snapshot == null) {
      throw new BadInput(404, "no stored snapshot of " + key + " yet (its first good version is not in)", null);
    }
    ObjectNode entry = Json.mapper().createObjectNode();
    entry.put("url", catalog.get(key).map(Target::url).orElse(snapshot.url()));
    strings(entry.putArray("select"), query.get("select"));
    strings(entry.putArray("remove"), query.get("remove"));
    ArrayNode ignore = entry.putArray("ignore");
    strings(ignore, query.get("ignore"));
    for (String r : query.getOrDefault("regex", List.of())) {
      ignore.addObject().put("regex", r);
    }
    Target target = requests.document(entry, key, key.vendor());
    Version latest = stores.<Version>store(PolicyTopology.LATEST_VERSION_STORE).get(key.toString());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("source", "snapshot");
    answer.put("capturedAt", snapshot.capturedAt());
    answer.put("url", snapshot.url());
    answer.put("contentType", snapshot.contentType());
    answer.put("bytes", snapshot.body().length);
    answer.put("rendered", snapshot.rendered() != null);
    answer.put("preview", extraction.preview(snapshot, target.declaration(), latest == null ? null : latest.text()));
    HttpResponses.json(exchange, 200, answer);
  }

  /** {@code GET .../ignore-preview}. */
  void ignored(WebExchange exchange, PolicyKey key) throws IOException {
    ignorePreview.handle(exchange, key, query(exchange));
  }

  private static void strings(ArrayNode into, List<String> values) {
    if (values != null) {
      values.stream().filter(v -> !v.isBlank()).forEach(into::add);
    }
  }

  private static PolicyKey key(String vendor, String type) {
    try {
      return new PolicyKey(vendor, type);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage(), e.getMessage().startsWith("vendor") ? "vendor" : "type");
    }
  }

  private static String who(WebExchange exchange) {
    return exchange.principal() == null ? "unknown" : exchange.principal().name();
  }

  /** Every value of every query parameter, in order. */
  static Map<String, List<String>> query(WebExchange exchange) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw new BadInput("malformed escape in the query: " + e.getMessage(), null);
      }
    }
    return params;
  }

  /** The text of a document's current version, from whichever instance holds it. */
  static final class CurrentText {
    private final dev.policymonitor.web.QueryService queries;
    private final Relay owner;

    CurrentText(dev.policymonitor.web.QueryService queries, Relay owner) {
      this.queries = queries;
      this.owner = owner;
    }

    Optional<String> of(PolicyKey key) {
      String base = "/api/documents/" + key.vendor() + "/" + key.document() + "/versions";
      try {
        Optional<Forwarder.Response> list = owner.get(key, base + "?size=1");
        if (list.isEmpty()) {
          return queries.versions(key.toString()).stream().findFirst()
              .flatMap(v -> queries.version(key.toString(), v.capturedAt())).map(Version::text);
        }
        JsonNode items = Json.mapper().readTree(list.get().body()).path("items");
        if (list.get().status() != 200 || items.isEmpty()) {
          return Optional.empty();
        }
        Forwarder.Response version = owner.get(key, base + "/" + items.get(0).path("capturedAt").asText())
            .orElseThrow();
        return version.status() == 200
            ? Optional.of(Json.mapper().readTree(version.body()).path("text").asText()) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        LOG.info("vendor={} document={} preview without the current version (no shrink check): {}",
            key.vendor(), key.document(), e.toString());
        return Optional.empty();
      }
    }
  }
}
