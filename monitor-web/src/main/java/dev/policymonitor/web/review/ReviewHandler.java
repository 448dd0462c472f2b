package dev.policymonitor.web.review;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Review;
import dev.policymonitor.web.DocumentRelay;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.Guarded.InstanceSilent;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.QueryService;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change's review, under {@code /api/reviews/}:
 * <pre>
 * GET  /api/reviews/{vendor}/{document}/{changeId}        the review with its trail (state new, empty trail: nobody reviewed it)
 * POST /api/reviews/{vendor}/{document}/{changeId}        editor: {"state", "assignee", "note", "basedOn"} (see {@link ReviewEdit})
 * GET  /api/reviews/{vendor}/{document}?ids=a,b,...       the reviews of some of a document's changes, without trails
 * </pre>
 * Every instance holds every review ({@link ReviewBook}), so none of these is forwarded; a write first checks, on
 * the instance holding the document, that the change exists.
 */
public final class ReviewHandler implements WebHandler {
  /** A change id as the streams service makes them. */
  static final Pattern CHANGE_ID = Pattern.compile("[a-z0-9]{1,64}");
  static final int MAX_IDS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ReviewHandler.class);

  private final ReviewBook book;
  private final QueryService queries;
  private final DocumentRelay relay;

  public ReviewHandler(ReviewBook book, QueryService queries, DocumentRelay relay) {
    this.book = book;
    this.queries = queries;
    this.relay = relay;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    List<String> path = RequestParams.of(exchange.getRequestURI()).segments();
    boolean write = "POST".equals(exchange.getRequestMethod());
    if (path.size() == 5) {
      String key = key(path.get(2), path.get(3));
      String changeId = changeId(path.get(4));
      if (write) {
        write(exchange, key, changeId);
      } else {
        answer(exchange, () -> {
          book.catchUp();
          return book.get(key, changeId);
        });
      }
    } else if (path.size() == 4 && !write) {
      some(exchange, key(path.get(2), path.get(3)));
    } else if (path.size() == 4 || write) {
      exchange.setResponseHeader("Allow", "GET, HEAD");
      HttpResponses.error(exchange, 405, "a review is written at /api/reviews/{vendor}/{document}/{changeId}");
    } else {
      HttpResponses.error(exchange, 404, "no such review route: " + exchange.getRequestURI().getPath()
          + " (try /api/reviews/{vendor}/{document}/{changeId})");
    }
  }

  private void some(WebExchange exchange, String key) throws IOException {
    List<String> ids = RequestParams.of(exchange.getRequestURI()).list("ids", ReviewHandler::changeId, null);
    if (ids == null) {
      throw new BadRequest("ids must list the change ids to read, comma-separated");
    }
    if (ids.size() > MAX_IDS) {
      throw new BadRequest("ids lists " + ids.size() + " changes; at most " + MAX_IDS + " at once");
    }
    answer(exchange, () -> {
      book.catchUp();
      List<ReviewSummary> items = new ArrayList<>();
      for (String id : ids) {
        items.add(ReviewSummary.of(book.get(key, id)));
      }
      return Map.of("items", items);
    });
  }

  private void write(WebExchange exchange, String key, String changeId) throws IOException {
    ReviewEdit edit = ReviewEdit.parse(exchange.requestBody(ReviewEdit.MAX_BODY_BYTES));
    if (!changeExists(exchange, key, changeId)) {
      HttpResponses.error(exchange, 404, "no such change of " + key + ": " + changeId);
      return;
    }
    Principal who = exchange.principal();
    String by = who == null ? "anonymous" : who.name();
    Review review;
    try {
      review = book.apply(key, changeId, edit, by);
    } catch (ReviewBook.Conflict e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getMessage());
      body.put("status", 409);
      body.put("review", e.current());
      HttpResponses.json(exchange, 409, body);
      return;
    } catch (ReviewBook.TrailFull e) {
      HttpResponses.error(exchange, 409, e.getMessage());
      return;
    } catch (IllegalStateException e) {
      unavailable(exchange, e);
      return;
    }
    PolicyKey k = PolicyKey.parse(key);
    LOG.info("vendor={} document={} review of change {} by {}: {}, assignee {}, {} events", k.vendor(),
        k.document(), changeId, by, review.state().wire(), review.assignee() == null ? "none" : review.assignee(),
        review.trail().size());
    HttpResponses.json(exchange, 200, review);
  }

  /** Whether the change exists, asking the instance that holds its document. */
  private boolean changeExists(WebExchange exchange, String key, String changeId) throws IOException {
    Optional<URI> owner = relay.remoteOwner(exchange, key);
    if (owner.isEmpty()) {
      return queries.change(changeId).filter(c -> c.key().equals(key)).isPresent();
    }
    Forwarder.Response r;
    try {
      r = relay.get(owner.get(), key, "/api/changes/" + key + "/" + changeId);
    } catch (IOException e) {
      throw new InstanceSilent("the instance holding " + key + " did not answer");
    }
    if (r.status() == 200 || r.status() == 404) {
      return r.status() == 200;
    }
    throw new InstanceSilent("the instance holding " + key + " answered " + r.status());
  }

  /** Reads reviews; a topic that cannot be read to its end in time is a 503. */
  private static void answer(WebExchange exchange, Read read) throws IOException {
    Object value;
    try {
      value = read.get();
    } catch (IllegalStateException e) {
      unavailable(exchange, e);
      return;
    }
    HttpResponses.json(exchange, 200, value);
  }

  private static void unavailable(WebExchange exchange, IllegalStateException e) throws IOException {
    LOG.warn("vendor=- document=- reviews unavailable: {}", e.getMessage());
    exchange.setResponseHeader("Retry-After", "5");
    HttpResponses.error(exchange, 503, "reviews cannot be read or written now (Kafka does not answer); try again");
  }

  static String key(String vendor, String document) {
    try {
      return new PolicyKey(vendor, document).toString();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  static String changeId(String id) {
    if (!CHANGE_ID.matcher(id).matches()) {
      throw new BadRequest("a change id is 1-64 lower-case letters and digits: "
          + ReviewEdit.printable(id));
    }
    return id;
  }

  @FunctionalInterface
  private interface Read {
    Object get();
  }
}
