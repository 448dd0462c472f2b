package dev.policymonitor.web.http;

import java.util.Objects;

/**
 * Who sent a request, as the server authenticated it: a name for audit trails ("who reviewed this change"), a
 * role, and how they proved it ({@link #method}: {@code token}, {@code session}, {@code oidc-session},
 * {@code instance}, {@code open}).
 */
public record Principal(String name, Role role, String method) {
  public static final String OPEN = "open";
  public static final String TOKEN = "token";
  public static final String INSTANCE = "instance";

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(method, "method");
  }

  /** Anyone who can reach the server, when it runs without authentication (loopback, or explicitly opted out). */
  public static Principal open() {
    return new Principal("local", Role.ADMIN, OPEN);
  }

  /** True when the principal came with a browser session cookie, so its writes need the CSRF token. */
  public boolean cookieSession() {
    return method.endsWith("session");
  }
}
