package dev.policymonitor.web.http;

import java.io.IOException;

/** Answers one request of a route; what it answers is independent of the server that carries it. */
@FunctionalInterface
public interface WebHandler {
  void handle(WebExchange exchange) throws IOException;
}
