package dev.policymonitor.web.server;

import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** A {@link WebExchange} on a Jetty core request: the only place the handlers meet Jetty. */
final class JettyExchange implements WebExchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final URI target;
  private final Duration bodyTimeout;
  private Principal principal;
  private boolean sent;

  JettyExchange(Request request, Response response, Callback callback, URI target, Duration bodyTimeout) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.target = target;
    this.bodyTimeout = bodyTimeout;
  }

  /** The request target as a {@link URI}; empty when it is not one {@code java.net.URI} accepts. */
  static URI target(Request request) {
    String path = request.getHttpURI().getPath();
    String query = request.getHttpURI().getQuery();
    try {
      return URI.create((path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String getRequestMethod() {
    return request.getMethod();
  }

  @Override
  public URI getRequestURI() {
    return target;
  }

  @Override
  public String requestHeader(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public String cookie(String name) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  @Override
  public void setResponseHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  @Override
  public byte[] requestBody(int maxBytes) throws IOException {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw new PayloadTooLarge(maxBytes);
    }
    try {
      return Content.Source.asByteArrayAsync(request, maxBytes).get(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the request body");
    } catch (TimeoutException e) {
      throw new BodyTimeout(bodyTimeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException
          || cause instanceof HttpException h && h.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
        throw new PayloadTooLarge(maxBytes);
      }
      if (cause instanceof HttpException) {
        throw new BadBody("the request body is malformed: " + cause.getMessage());
      }
      throw new IOException("cannot read the request body: " + cause.getMessage(), cause);
    }
  }

  @Override
  public Principal principal() {
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  @Override
  public boolean isSecure() {
    return request.isSecure();
  }

  @Override
  public String authority() {
    String host = request.getHttpURI().getHost();
    int port = request.getHttpURI().getPort();
    if (host == null) {
      return null;
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return port > 0 ? h + ":" + port : h;
  }

  @Override
  public void send(int status, String contentType, byte[] body) {
    if (sent) {
      throw new IllegalStateException("a response was already sent");
    }
    sent = true;
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
  }

  boolean sent() {
    return sent;
  }

  /** A body Jetty could not decode (bad chunking, early end): answered 400. */
  static final class BadBody extends IOException {
    BadBody(String message) {
      super(message);
    }
  }

  /** A body slower than the body timeout: answered 408. */
  static final class BodyTimeout extends IOException {
    BodyTimeout(Duration timeout) {
      super("the request body did not arrive within " + timeout.toSeconds() + " s");
    }
  }
}
