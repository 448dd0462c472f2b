package dev.policymonitor.web;

import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * A handler whose expected failures become clear answers: a {@link BadRequest} a 400 with its reason, stores that
 * are starting or rebalancing a 503 with {@code Retry-After}, another instance that does not answer a 502. Anything
 * else is the server's error (500, logged by the server).
 */
public final class Guarded implements WebHandler {
  private final WebHandler handler;

  private Guarded(WebHandler handler) {
    this.handler = handler;
  }

  public static WebHandler of(WebHandler handler) {
    return new Guarded(handler);
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    try {
      handler.handle(exchange);
    } catch (BadRequest e) {
      HttpResponses.error(exchange, 400, e.getMessage());
    } catch (InvalidStateStoreException e) {
      exchange.setResponseHeader("Retry-After", "2");
      HttpResponses.error(exchange, 503, "the query stores are not ready (streams is starting or rebalancing)");
    } catch (InstanceSilent e) {
      HttpResponses.error(exchange, 502, e.getMessage());
    }
  }

  /** Another instance did not answer (or answered an error) a read this answer needs: a 502. */
  public static final class InstanceSilent extends IOException {
    public InstanceSilent(String message) {
      super(message);
    }
  }
}
