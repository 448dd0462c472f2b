package dev.policymonitor.fetcher.guard;

import java.net.UnknownHostException;

/**
 * The target guard refused a host or an address: thrown from the client's DNS, from a connect and from the network
 * interceptor, so OkHttp gives up on the call (an {@link UnknownHostException}, as its {@code Dns} may throw).
 */
public final class ForbiddenTargetException extends UnknownHostException {
  private final String host;
  private final String reason;

  /**
   * @param host the host of the request that was refused (the target's, or a redirect's)
   * @param reason why, for people: "10.0.0.5 is a private address (RFC 1918)"
   */
  public ForbiddenTargetException(String host, String reason) {
    super(reason);
    this.host = host;
    this.reason = reason;
  }

  public String host() {
    return host;
  }

  public String reason() {
    return reason;
  }

  /** The refusal behind {@code error}: itself, a cause or a suppressed exception of it; null when none. */
  public static ForbiddenTargetException in(Throwable error) {
    return find(error, 0);
  }

  private static ForbiddenTargetException find(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return null;
    }
    if (t instanceof ForbiddenTargetException f) {
      return f;
    }
    for (Throwable s : t.getSuppressed()) {
      ForbiddenTargetException f = find(s, depth + 1);
      if (f != null) {
        return f;
      }
    }
    return find(t.getCause(), depth + 1);
  }
}
