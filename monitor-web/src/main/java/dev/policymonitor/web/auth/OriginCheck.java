package dev.policymonitor.web.auth;

import dev.policymonitor.web.http.WebExchange;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a browser request comes from our own page: {@code Sec-Fetch-Site} must be {@code same-origin} and
 * {@code Origin} our origin (the public URL when one is set, else the request's own host), when the browser sends
 * them; and, for the open loopback server, whether the request names this machine (against DNS rebinding).
 */
final class OriginCheck {
  private final URI publicUrl;

  OriginCheck(URI publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** Why a browser write is not from our own page, or empty when it is (or when no browser says). */
  Optional<String> crossSite(WebExchange exchange) {
    String site = exchange.requestHeader("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin")) {
      return Optional.of("cross-site write refused (Sec-Fetch-Site: " + OidcLogin.printable(site) + ")");
    }
    String origin = exchange.requestHeader("Origin");
    if (origin == null) {
      return Optional.empty();
    }
    if (!sameOrigin(origin, exchange)) {
      return Optional.of("cross-origin write refused (Origin: " + OidcLogin.printable(origin) + ")");
    }
    return Optional.empty();
  }

  private boolean sameOrigin(String origin, WebExchange exchange) {
    if (publicUrl != null) {
      return origin.equalsIgnoreCase(publicUrl.toString().replaceAll("/$", ""));
    }
    try {
      URI o = new URI(origin);
      String authority = o.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(exchange.authority());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** True when the request names this machine ({@code Host}: localhost, 127.x.x.x or [::1], any port). */
  static boolean loopbackAuthority(String authority) {
    if (authority == null) {
      return false;
    }
    String host = authority.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 && host.substring(1, end).equals("::1");
    }
    int colon = host.indexOf(':');
    host = colon < 0 ? host : host.substring(0, colon);
    return host.equals("localhost") || host.endsWith(".localhost") || host.matches("127(\\.\\d{1,3}){3}");
  }

}
