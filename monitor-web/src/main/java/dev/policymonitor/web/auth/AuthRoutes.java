package dev.policymonitor.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The login routes. The page is plain JS under a CSP that forbids form posts, so logging in with a token is a
 * {@code fetch} POST of JSON; OIDC login is a navigation to the provider and back.
 */
final class AuthRoutes {
  private static final int MAX_LOGIN_BODY = 4096;
  private final WebAccess access;

  AuthRoutes(WebAccess access) {
    this.access = access;
  }

  /** {@code GET /auth/session}: who is logged in (with the CSRF token for writes) and how one can log in. */
  void session(WebExchange exchange) throws IOException {
    Principal p = exchange.principal();
    Optional<Sessions.Session> session = p != null && p.cookieSession()
        ? access.sessions().read(exchange) : Optional.empty();
    HttpResponses.json(exchange, 200, describe(p, session.map(Sessions.Session::csrf).orElse(null)));
  }

  private Map<String, Object> describe(Principal p, String csrf) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("authenticated", p != null);
    out.put("open", access.mode() != WebAccess.Mode.AUTHENTICATED);
    if (p != null) {
      out.put("user", p.name());
      out.put("role", p.role().wire());
      out.put("method", p.method());
    }
    if (csrf != null) {
      out.put("csrfToken", csrf);
    }
    Map<String, Object> login = new LinkedHashMap<>();
    login.put("token", access.tokens() != null);
    login.put("oidc", access.oidc() != null ? "/auth/oidc/login" : null);
    out.put("login", login);
    return out;
  }

  /** {@code POST /auth/login} with {@code {"token": "pmt_..."}}: a session cookie for the token's holder. */
  void login(WebExchange exchange) throws IOException {
    if (access.tokens() == null) {
      HttpResponses.error(exchange, 404, access.mode() == WebAccess.Mode.AUTHENTICATED
          ? "this server takes no token logins (log in with single sign-on)"
          : "this server runs without authentication: there is nothing to log in to");
      return;
    }
    String type = exchange.requestHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      HttpResponses.error(exchange, 415, "send the token as JSON: {\"token\": \"pmt_...\"}");
      return;
    }
    String presented;
    try {
      JsonNode body = Json.mapper().readTree(exchange.requestBody(MAX_LOGIN_BODY));
      presented = body == null ? null : body.path("token").asText(null);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      presented = null;
    }
    if (presented == null) {
      HttpResponses.error(exchange, 400, "send the token as JSON: {\"token\": \"pmt_...\"}");
      return;
    }
    Optional<ApiToken> token = access.tokens().verify(presented.trim());
    if (token.isEmpty() || token.get().scope() != ApiToken.Scope.API) {
      HttpResponses.error(exchange, 401, token.isEmpty() ? "unknown or revoked token"
          : "a feed token cannot log in to the page");
      return;
    }
    ApiToken t = token.get();
    Sessions.Session session = access.sessions().create(t.name(), t.role(), Sessions.TOKEN_LOGIN, t.id());
    exchange.addResponseHeader("Set-Cookie", access.sessions().cookie(session, access.secure(exchange)));
    HttpResponses.json(exchange, 200, describe(new Principal(t.name(), t.role(), Sessions.TOKEN_LOGIN),
        session.csrf()));
  }

  /** {@code POST /auth/logout}: forgets the session here and in the browser. */
  void logout(WebExchange exchange) throws IOException {
    access.sessions().read(exchange).ifPresent(access.sessions()::revoke);
    for (String cookie : access.sessions().clear(access.secure(exchange))) {
      if (cookie != null) {
        exchange.addResponseHeader("Set-Cookie", cookie);
      }
    }
    HttpResponses.json(exchange, 200, describe(null, null));
  }

  /** {@code GET /auth/oidc/login}: to the identity provider, with state, nonce and PKCE kept in a cookie. */
  void oidcLogin(WebExchange exchange) throws IOException {
    OidcLogin.Start start;
    try {
      start = access.oidc().start();
    } catch (OidcLogin.Failure e) {
      text(exchange, e.status, e.getMessage());
      return;
    }
    boolean secure = access.secure(exchange);
    // Lax, not Strict: the browser must send it on the provider's (cross-site) redirect back to us
    exchange.addResponseHeader("Set-Cookie", Cookies.set(stateCookie(secure), start.stateCookieValue(),
        OidcLogin.STATE_LIFETIME, "Lax", secure));
    exchange.setResponseHeader("Location", start.authorizationUrl().toString());
    HttpResponses.send(exchange, 302, "text/plain; charset=utf-8", new byte[0]);
  }

  /** {@code GET /auth/oidc/callback?code=&state=}: checks the ID token, opens a session, back to the page. */
  void oidcCallback(WebExchange exchange) throws IOException {
    boolean secure = access.secure(exchange);
    String pending = exchange.cookie(stateCookie(secure));
    if (pending == null) {
      pending = exchange.cookie(OidcLogin.STATE_COOKIE);
    }
    exchange.addResponseHeader("Set-Cookie", Cookies.delete(stateCookie(secure), secure));
    Principal user;
    try {
      user = access.oidc().finish(query(exchange.getRequestURI()), pending);
    } catch (OidcLogin.Failure e) {
      text(exchange, e.status, e.getMessage());
      return;
    }
    Sessions.Session session = access.sessions().create(user.name(), user.role(), Sessions.OIDC_LOGIN, null);
    exchange.addResponseHeader("Set-Cookie", access.sessions().cookie(session, secure));
    exchange.setResponseHeader("Location", "/#/");
    HttpResponses.send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
  }

  private static String stateCookie(boolean secure) {
    return secure ? OidcLogin.SECURE_STATE_COOKIE : OidcLogin.STATE_COOKIE;
  }

  /** A browser navigation ends here: plain text, with the way back. */
  private static void text(WebExchange exchange, int status, String message) throws IOException {
    HttpResponses.send(exchange, status, "text/plain; charset=utf-8",
        ("policy-monitor login: " + message + "\n\nBack to the page: /\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        // a malformed escape: the parameter is left out, and the login fails on what is missing
      }
    }
    return params;
  }
}
