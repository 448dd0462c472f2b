package dev.policymonitor.web;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.query.DocumentSummary;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON query API under {@code /api/}. Requests about one document go to the instance that holds it
 * ({@link InstanceRouter}); lists and change-id lookups ask every instance. Routes:
 *
 * <pre>
 * GET /api/documents?vendor=&amp;severity=&amp;category=&amp;page=&amp;size=     tracked documents, health, freshness
 * GET /api/documents/{vendor}/{document}                          one document's summary
 * GET /api/documents/{vendor}/{document}/changes?page=&amp;size=&amp;severity=&amp;category=   timeline, newest first
 * GET /api/documents/{vendor}/{document}/changes/{changeId}        one change with its full diff (permalink form)
 * GET /api/changes/{vendor}/{document}/{changeId}                  the same
 * GET /api/changes/{changeId}                                     the same, found by asking every instance
 * GET /api/documents/{vendor}/{document}/versions                  kept versions, newest first, no text
 * GET /api/documents/{vendor}/{document}/versions/{capturedAt}     one version with its text
 * </pre>
 */
public final class ApiHandler implements WebHandler {
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final QueryService queries;
  private final InstanceRouter router;
  private final Forwarder forwarder;
  private final DiffBuilder diffs = new DiffBuilder();

  public ApiHandler(QueryService queries, InstanceRouter router, Forwarder forwarder) {
    this.queries = queries;
    this.router = router;
    this.forwarder = forwarder;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.setResponseHeader("Allow", "GET, HEAD");
      HttpResponses.error(exchange, 405, "only GET is supported");
      return;
    }
    try {
      dispatch(exchange);
    } catch (BadRequest e) {
      HttpResponses.error(exchange, 400, e.getMessage());
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the query stores are not ready (streams is starting or rebalancing)");
    }
  }

  private void dispatch(WebExchange exchange) throws IOException {
    RequestParams query = RequestParams.of(exchange.getRequestURI());
    List<String> path = query.segments();
    boolean forwarded = exchange.requestHeader(Forwarder.FORWARDED_HEADER) != null;
    // path starts with "api"
    if (path.size() == 2 && path.get(1).equals("documents")) {
      documents(exchange, query, forwarded);
      return;
    }
    if (path.size() >= 4 && path.get(1).equals("documents")) {
      String key = key(path.get(2), path.get(3));
      if (!forwarded && forwardIfRemote(exchange, key)) {
        return;
      }
      documentRoute(exchange, key, path.subList(4, path.size()), query);
      return;
    }
    if (path.size() == 5 && path.get(1).equals("changes")) {
      String key = key(path.get(2), path.get(3));
      if (!forwarded && forwardIfRemote(exchange, key)) {
        return;
      }
      change(exchange, key, path.get(4));
      return;
    }
    if (path.size() == 3 && path.get(1).equals("changes")) {
      changeById(exchange, path.get(2), forwarded);
      return;
    }
    HttpResponses.error(exchange, 404, "no such API route: " + exchange.getRequestURI().getPath());
  }

  private void documentRoute(WebExchange exchange, String key, List<String> rest, RequestParams query)
      throws IOException {
    if (rest.isEmpty()) {
      respond(exchange, queries.document(key), "no such document: " + key);
    } else if (rest.size() == 1 && rest.get(0).equals("changes")) {
      HttpResponses.json(exchange, 200, queries.timeline(key, filter(query), page(query), size(query)));
    } else if (rest.size() == 2 && rest.get(0).equals("changes")) {
      change(exchange, key, rest.get(1));
    } else if (rest.size() == 1 && rest.get(0).equals("versions")) {
      HttpResponses.json(exchange, 200, Page.of(queries.versions(key), page(query), size(query)));
    } else if (rest.size() == 2 && rest.get(0).equals("versions")) {
      respond(exchange, queries.version(key, instant(rest.get(1))), "no kept version of " + key + " at " + rest.get(1));
    } else {
      HttpResponses.error(exchange, 404, "no such API route: " + exchange.getRequestURI().getPath());
    }
  }

  private void documents(WebExchange exchange, RequestParams query, boolean forwarded) throws IOException {
    List<DocumentSummary> all = new ArrayList<>(queries.documents());
    if (forwarded) {
      HttpResponses.json(exchange, 200, Page.of(all, 0, Math.max(1, all.size())));
      return;
    }
    for (URI other : router.others()) {
      Forwarder.Response r;
      try {
        r = forwarder.get(other, "/api/documents");
      } catch (IOException e) {
        LOG.warn("vendor=* document=* instance {} did not answer the document list: {}", other, e.toString());
        HttpResponses.error(exchange, 502, "instance " + other + " did not answer; the list would be incomplete");
        return;
      }
      if (r.status() != 200) {
        HttpResponses.error(exchange, 502, "instance " + other + " answered " + r.status());
        return;
      }
      Page<DocumentSummary> page = Json.mapper().readValue(r.body(),
          Json.mapper().getTypeFactory().constructParametricType(Page.class, DocumentSummary.class));
      all.addAll(page.items());
    }
    Map<String, DocumentSummary> byKey = new LinkedHashMap<>();
    all.stream().sorted(Comparator.comparing(DocumentSummary::vendor).thenComparing(DocumentSummary::document))
        .forEach(d -> byKey.putIfAbsent(d.key(), d));
    QueryFilter filter = filter(query);
    List<DocumentSummary> matching = byKey.values().stream().filter(filter::matches).toList();
    HttpResponses.json(exchange, 200, Page.of(matching, page(query), size(query)));
  }

  private void change(WebExchange exchange, String key, String changeId) throws IOException {
    Optional<Change> change = queries.change(changeId).filter(c -> c.key().equals(key));
    if (change.isEmpty()) {
      HttpResponses.error(exchange, 404, "no such change of " + key + ": " + changeId);
      return;
    }
    HttpResponses.json(exchange, 200, view(change.get()));
  }

  private void changeById(WebExchange exchange, String changeId, boolean forwarded) throws IOException {
    Optional<Change> local = queries.change(changeId);
    if (local.isPresent()) {
      HttpResponses.json(exchange, 200, view(local.get()));
      return;
    }
    List<URI> silent = new ArrayList<>();
    if (!forwarded) {
      for (URI other : router.others()) {
        try {
          Forwarder.Response r = forwarder.get(other, exchange.getRequestURI().getRawPath());
          if (r.status() == 200) {
            HttpResponses.send(exchange, 200, r.contentType(), r.body());
            return;
          }
          if (r.status() != 404) {
            silent.add(other);
          }
        } catch (IOException e) {
          LOG.warn("vendor=* document=* instance {} did not answer for change {}: {}", other, changeId, e.toString());
          silent.add(other);
        }
      }
    }
    if (!silent.isEmpty()) {
      HttpResponses.error(exchange, 502, "change " + changeId + " not found here and instances " + silent
          + " did not answer; the permalink form /api/changes/{vendor}/{document}/{changeId} asks only the owner");
      return;
    }
    HttpResponses.error(exchange, 404, "no such change: " + changeId);
  }

  ChangeView view(Change c) {
    Optional<Version> current = queries.version(c.key(), c.capturedAt());
    Optional<Version> previous = queries.version(c.key(), c.previousCapturedAt());
    DiffView diff = diffs.build(c, previous.map(Version::text).orElse(null), current.map(Version::text).orElse(null));
    String previousCapture = previous.map(v -> CaptureLinks.original(v.url(), v.source(), v.capturedAt())).orElse(null);
    return new ChangeView(c, ChangeView.permalink(c), CaptureLinks.original(c.url(), c.source(), c.capturedAt()),
        previousCapture, diff);
  }

  /** Relays the request to the owning instance when that is not this one; true when it did. */
  private boolean forwardIfRemote(WebExchange exchange, String key) throws IOException {
    Optional<URI> owner = router.ownerOf(key);
    if (owner.isEmpty()) {
      return false;
    }
    URI uri = exchange.getRequestURI();
    String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    PolicyKey k = PolicyKey.parse(key);
    try {
      Forwarder.Response r = forwarder.get(owner.get(), pathAndQuery);
      HttpResponses.send(exchange, r.status(), r.contentType(), r.body());
    } catch (IOException e) {
      LOG.warn("vendor={} document={} cannot forward {} to {}: {}", k.vendor(), k.document(), pathAndQuery,
          owner.get(), e.toString());
      HttpResponses.error(exchange, 502, "the instance holding " + key + " did not answer");
    }
    return true;
  }

  private static <T> void respond(WebExchange exchange, Optional<T> value, String notFound) throws IOException {
    if (value.isPresent()) {
      HttpResponses.json(exchange, 200, value.get());
    } else {
      HttpResponses.error(exchange, 404, notFound);
    }
  }

  private static String key(String vendor, String document) {
    try {
      return new PolicyKey(vendor, document).toString();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest("capturedAt must be an ISO-8601 instant like 2024-01-31T12:00:00Z: " + text);
    }
  }

  static QueryFilter filter(RequestParams query) {
    Severity severity = null;
    String s = query.get("severity");
    if (s != null) {
      try {
        severity = Severity.fromWire(s);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("severity must be low, medium or high: " + s);
      }
    }
    return new QueryFilter(query.get("vendor"), severity, query.get("category"));
  }

  private static int page(RequestParams query) {
    return query.number("page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
  }

  private static int size(RequestParams query) {
    return query.number("size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  }
}
