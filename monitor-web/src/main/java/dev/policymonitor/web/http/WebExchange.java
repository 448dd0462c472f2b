package dev.policymonitor.web.http;

import java.io.IOException;
import java.net.URI;

/**
 * One HTTP request and its response, independent of the HTTP server that carries them (the method names follow
 * the JDK's {@code HttpExchange}, which the handlers were first written against). The server has already checked
 * the method, authenticated the caller, checked CSRF on writes and set the security headers.
 */
public interface WebExchange {
  /** {@code GET}, {@code POST}, ... */
  String getRequestMethod();

  /** The request target: raw path and raw query, no scheme or authority. */
  URI getRequestURI();

  /** The first value of a request header, or null. */
  String requestHeader(String name);

  /** A request cookie's value, or null. */
  String cookie(String name);

  /** Replaces a response header (before {@link #send}). */
  void setResponseHeader(String name, String value);

  /** Adds a response header value (e.g. one more {@code Set-Cookie}). */
  void addResponseHeader(String name, String value);

  /**
   * The request body, at most {@code maxBytes}.
   *
   * @throws PayloadTooLarge when the body is longer
   */
  byte[] requestBody(int maxBytes) throws IOException;

  /** Who sent the request; null on a public route when nobody is authenticated. */
  Principal principal();

  /** True when the client reached us over TLS (directly, or through a trusted proxy that says so). */
  boolean isSecure();

  /** The {@code host[:port]} the client addressed (from {@code Host}, or a trusted proxy's forwarded headers). */
  String authority();

  /** Sends the whole response; the body is left out for HEAD. Call once. */
  void send(int status, String contentType, byte[] body) throws IOException;

  /** A request body over the handler's limit: answered 413. */
  final class PayloadTooLarge extends IOException {
    public PayloadTooLarge(long limit) {
      super("the request body is larger than " + limit + " bytes");
    }
  }
}
