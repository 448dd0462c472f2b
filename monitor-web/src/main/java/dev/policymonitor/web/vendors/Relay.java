package dev.policymonitor.web.vendors;

import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.InstanceRouter;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a read about one document to the instance that holds its stores (as the query API does), unless it is
 * this one or the request was forwarded already.
 */
final class Relay {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final InstanceRouter router;
  private final Forwarder forwarder;

  Relay(InstanceRouter router, Forwarder forwarder) {
    this.router = router;
    this.forwarder = forwarder;
  }

  /** True when another instance answered the request (the answer is sent). */
  boolean forwarded(WebExchange exchange, PolicyKey key) throws IOException {
    if (exchange.requestHeader(Forwarder.FORWARDED_HEADER) != null) {
      return false;
    }
    Optional<URI> owner = router.ownerOf(key.toString());
    if (owner.isEmpty()) {
      return false;
    }
    URI uri = exchange.getRequestURI();
    String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    try {
      Forwarder.Response r = forwarder.get(owner.get(), pathAndQuery);
      HttpResponses.send(exchange, r.status(), r.contentType(), r.body());
    } catch (IOException e) {
      LOG.warn("vendor={} document={} cannot forward {} to {}: {}", key.vendor(), key.document(), uri.getRawPath(),
          owner.get(), e.toString());
      HttpResponses.error(exchange, 502, "the instance holding " + key + " did not answer");
    }
    return true;
  }

  /** GETs {@code pathAndQuery} from the instance holding {@code key}; empty when that is this one. */
  Optional<Forwarder.Response> get(PolicyKey key, String pathAndQuery) throws IOException {
    Optional<URI> owner = router.ownerOf(key.toString());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(forwarder.get(owner.get(), pathAndQuery));
  }
}
