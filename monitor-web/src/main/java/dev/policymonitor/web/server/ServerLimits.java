package dev.policymonitor.web.server;

import java.time.Duration;

/**
 * What one client can hold of the web server, so that slow or hostile clients cannot stop it (and its
 * {@code /health}): connections are served by a selector, not a thread each, and:
 *
 * @param headerTimeout a request's headers must arrive within this, counted from its first byte (slow-loris)
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param bodyTimeout a request body must arrive within this once a handler reads it
 * @param maxHeaderBytes request line plus headers: a longer URL answers 414, longer headers 431
 * @param maxBodyBytes a longer request body answers 413
 * @param maxThreads threads of the server's pool (selector and acceptor included)
 * @param maxConcurrentRequests web requests handled at once; more wait up to {@code maxQueueWait}, then 503
 *     ({@code /health} and {@code /metrics} are never held back)
 * @param maxConnections open connections on the web port; further ones wait to be accepted
 */
public record ServerLimits(Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout, int maxHeaderBytes,
    int maxBodyBytes, int maxThreads, int maxConcurrentRequests, Duration maxQueueWait, int maxConnections) {

  public static ServerLimits defaults() {
    return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), 8 * 1024,
        1024 * 1024, 32, 16, Duration.ofSeconds(5), 1000);
  }

  public ServerLimits withHeaderTimeout(Duration timeout) {
    return new ServerLimits(timeout, idleTimeout, bodyTimeout, maxHeaderBytes, maxBodyBytes, maxThreads,
        maxConcurrentRequests, maxQueueWait, maxConnections);
  }

  public ServerLimits withIdleTimeout(Duration timeout) {
    return new ServerLimits(headerTimeout, timeout, bodyTimeout, maxHeaderBytes, maxBodyBytes, maxThreads,
        maxConcurrentRequests, maxQueueWait, maxConnections);
  }
}
