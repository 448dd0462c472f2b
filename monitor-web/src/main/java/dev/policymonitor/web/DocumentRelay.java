package dev.policymonitor.web;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads on behalf of a handler from the instance that holds a document's query stores ({@link InstanceRouter}), or
 * from every other instance; a request already forwarded to this one is answered here ({@link #forwarded}), so no
 * request is forwarded twice. Only reads are forwarded: instances never forward writes to each other.
 */
public final class DocumentRelay {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentRelay.class);

  private final InstanceRouter router;
  private final Forwarder forwarder;

  public DocumentRelay(InstanceRouter router, Forwarder forwarder) {
    this.router = router;
    this.forwarder = forwarder;
  }

  /** True when another instance forwarded this request here: answer it from this instance's stores. */
  public static boolean forwarded(WebExchange exchange) {
    return exchange.requestHeader(Forwarder.FORWARDED_HEADER) != null;
  }

  /** The instance holding {@code documentKey}, when it is not this one (and the request was not forwarded here). */
  public Optional<URI> remoteOwner(WebExchange exchange, String documentKey) {
    return forwarded(exchange) ? Optional.empty() : router.ownerOf(documentKey);
  }

  /**
   * GETs {@code pathAndQuery} from {@code owner}.
   *
   * @throws IOException when the instance does not answer
   */
  public Forwarder.Response get(URI owner, String documentKey, String pathAndQuery) throws IOException {
    try {
      return forwarder.get(owner, pathAndQuery);
    } catch (IOException e) {
      PolicyKey k = PolicyKey.parse(documentKey);
      LOG.warn("vendor={} document={} cannot read {} from {}: {}", k.vendor(), k.document(), pathAndQuery, owner,
          e.toString());
      throw e;
    }
  }

  /** Every other instance, to ask for their part of a list; none for a forwarded request. */
  public List<URI> others(WebExchange exchange) {
    return forwarded(exchange) ? List.of() : router.others();
  }

  /** GETs {@code pathAndQuery} from another instance for a list. */
  public Forwarder.Response ask(URI other, String pathAndQuery) throws IOException {
    try {
      return forwarder.get(other, pathAndQuery);
    } catch (IOException e) {
      LOG.warn("vendor=* document=* instance {} did not answer {}: {}", other, pathAndQuery, e.toString());
      throw e;
    }
  }

  /** The request's raw path and query, as a forwarded request repeats them. */
  public static String pathAndQuery(WebExchange exchange) {
    URI uri = exchange.getRequestURI();
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
