package dev.policymonitor.web;

import dev.policymonitor.web.http.InstanceCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a query on to the instance that holds the data, marked with {@link #FORWARDED_HEADER} so the other
 * instance answers from its own stores and never forwards again (no loops during a rebalance).
 */
public final class Forwarder {
  public static final String FORWARDED_HEADER = "X-Policy-Monitor-Forwarded";
  private final HttpClient client;
  private final Duration timeout;
  private final InstanceCredentials credentials;

  public Forwarder(Duration timeout) {
    this(timeout, InstanceCredentials.NONE);
  }

  /** A forwarder that proves this instance to the others with {@code credentials}. */
  public Forwarder(Duration timeout, InstanceCredentials credentials) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = timeout;
    this.credentials = credentials;
  }

  /** The other instance's answer. */
  public record Response(int status, String contentType, byte[] body) {}

  /** GETs {@code pathAndQuery} (starting with {@code /}) from the instance at {@code base}. */
  public Response get(URI base, String pathAndQuery) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(timeout)
        .header(FORWARDED_HEADER, "1")
        .header("Accept", "application/json")
        .GET();
    String assertion = credentials.assertion("GET", pathAndQuery);
    if (assertion != null) {
      request.header(InstanceCredentials.HEADER, assertion);
    }
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to " + base, e);
    }
  }
}
