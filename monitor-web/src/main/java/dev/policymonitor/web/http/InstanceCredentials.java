package dev.policymonitor.web.http;

/**
 * How one instance of the streams service proves itself to another when it forwards a query there: a short-lived
 * assertion, bound to the method and the path, sent in {@link #HEADER}.
 */
@FunctionalInterface
public interface InstanceCredentials {
  String HEADER = "X-Policy-Monitor-Instance";

  /** The header value for one forwarded request; null sends none (no authentication between instances). */
  String assertion(String method, String pathAndQuery);

  InstanceCredentials NONE = (method, pathAndQuery) -> null;
}
