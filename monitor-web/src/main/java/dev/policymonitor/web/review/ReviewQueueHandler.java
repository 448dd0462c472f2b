package dev.policymonitor.web.review;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.streams.query.TimelineEntry;
import dev.policymonitor.web.ChangeScan;
import dev.policymonitor.web.DocumentRelay;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.Guarded.InstanceSilent;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.KindsParam;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The review queue, {@code GET /api/reviews?state=&kinds=&vendor=&document=&page=&size=}: the changes in the asked
 * review states (default: those that still need review, {@code new} and {@code in-review}; {@code state=all}, or a
 * comma-separated list), newest capture first, with the count of changes in every state. {@code kinds} defaults to
 * every kind but {@code historical} and {@code technical-upgrade} ({@link ReviewQueue#DEFAULT_KINDS}). Each instance
 * answers for the documents it holds; the instance asked merges every instance's share.
 */
public final class ReviewQueueHandler implements WebHandler {
  static final int DEFAULT_SIZE = 20;
  static final int MAX_SIZE = 200;

  private final ReviewBook book;
  private final ChangeScan scan;
  private final DocumentRelay relay;

  public ReviewQueueHandler(ReviewBook book, ChangeScan scan, DocumentRelay relay) {
    this.book = book;
    this.scan = scan;
    this.relay = relay;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    RequestParams params = RequestParams.of(exchange.getRequestURI());
    Set<ReviewState> states = states(params.get("state"));
    Set<ChangeKind> kinds = KindsParam.read(params, ReviewQueue.DEFAULT_KINDS);
    String vendor = id(params, "vendor");
    String document = id(params, "document");
    int page = params.number("page", 0, 0, Integer.MAX_VALUE / MAX_SIZE);
    int size = params.number("size", DEFAULT_SIZE, 1, MAX_SIZE);
    ReviewQueue local;
    try {
      local = share(vendor, document, kinds, states);
    } catch (IllegalStateException e) {
      exchange.setResponseHeader("Retry-After", "5");
      HttpResponses.error(exchange, 503, "reviews cannot be read now (Kafka does not answer); try again");
      return;
    }
    if (DocumentRelay.forwarded(exchange)) {
      HttpResponses.json(exchange, 200, local);
      return;
    }
    List<ReviewQueue> shares = new ArrayList<>(List.of(local));
    String pathAndQuery = DocumentRelay.pathAndQuery(exchange);
    for (URI other : relay.others(exchange)) {
      shares.add(shareOf(other, pathAndQuery));
    }
    HttpResponses.json(exchange, 200, ReviewQueue.merge(shares, page, size));
  }

  /** This instance's share: every matching change of the documents it holds, and the counts. */
  ReviewQueue share(String vendor, String document, Set<ChangeKind> kinds, Set<ReviewState> states) {
    book.catchUp();
    Predicate<TimelineEntry> wanted = e -> kinds.contains(e.kind())
        && (document == null || PolicyKey.parse(e.key()).document().equals(document));
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<ReviewQueue.Item> items = new ArrayList<>();
    for (TimelineEntry e : scan.entries(vendor, wanted)) {
      Review r = book.get(e.key(), e.changeId());
      counts.merge(r.state().wire(), 1, Integer::sum);
      if (states.contains(r.state())) {
        items.add(new ReviewQueue.Item(e, ReviewSummary.of(r)));
      }
    }
    return new ReviewQueue(items, 0, items.size(), items.size(), counts);
  }

  private ReviewQueue shareOf(URI other, String pathAndQuery) throws IOException {
    Forwarder.Response r;
    try {
      r = relay.ask(other, pathAndQuery);
    } catch (IOException e) {
      throw new InstanceSilent("instance " + other + " did not answer; the review queue would be incomplete");
    }
    if (r.status() != 200) {
      throw new InstanceSilent("instance " + other + " answered " + r.status()
          + "; the review queue would be incomplete");
    }
    return Json.mapper().readValue(r.body(), ReviewQueue.class);
  }

  /** A vendor id or document type parameter, checked. */
  static String id(RequestParams params, String name) {
    String value = params.get(name);
    if (value != null && !PolicyKey.validId(value)) {
      throw new BadRequest(name + " must be lower-case letters, digits, '.', '_' or '-': "
          + ReviewEdit.printable(value));
    }
    return value;
  }

  static Set<ReviewState> states(String value) {
    if (value == null || value.equals("open")) {
      return EnumSet.copyOf(ReviewQueue.OPEN_STATES);
    }
    if (value.equals("all")) {
      return EnumSet.allOf(ReviewState.class);
    }
    Set<ReviewState> states = EnumSet.noneOf(ReviewState.class);
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        try {
          states.add(ReviewState.fromWire(s));
        } catch (IllegalArgumentException e) {
          throw new BadRequest("state: " + ReviewEdit.printable(e.getMessage()) + " (or open, or all)");
        }
      }
    }
    if (states.isEmpty()) {
      throw new BadRequest("state lists nothing: " + ReviewEdit.printable(value));
    }
    return states;
  }

}
