package dev.policymonitor.web.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.WebExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions: a signed cookie (a JWT with the user, role, how they logged in, a CSRF token and an expiry;
 * HttpOnly, SameSite=Strict, Secure over TLS), so any instance sharing the secret accepts it and nothing is kept
 * per session. Logging out forgets the cookie in the browser and revokes its id on this instance until it expires.
 */
final class Sessions {
  static final String COOKIE = "pm_session";
  /** The cookie's name over TLS: the {@code __Host-} prefix pins it to this host and path {@code /}. */
  static final String SECURE_COOKIE = "__Host-pm_session";
  static final String TOKEN_LOGIN = "session";
  static final String OIDC_LOGIN = "oidc-session";
  private static final int MAX_REVOKED = 100_000;

  private final WebKeys keys;
  private final Duration ttl;
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

  Sessions(WebKeys keys, Duration ttl) {
    this.keys = keys;
    this.ttl = ttl;
  }

  /** One logged-in browser. {@code tokenId} is the API token logged in with (null for OIDC). */
  record Session(String id, String user, Role role, String method, String tokenId, String csrf, Instant expires) {}

  Session create(String user, Role role, String method, String tokenId) {
    Instant now = keys.clock().instant();
    return new Session(WebKeys.randomId(), user, role, method, tokenId, WebKeys.randomId(), now.plus(ttl));
  }

  /** The {@code Set-Cookie} value that stores {@code session} in the browser. */
  String cookie(Session session, boolean secure) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(session.id()).subject(session.user())
        .claim("role", session.role().wire()).claim("amr", session.method()).claim("csrf", session.csrf())
        .issueTime(Date.from(keys.clock().instant())).expirationTime(Date.from(session.expires()));
    if (session.tokenId() != null) {
      claims.claim("tid", session.tokenId());
    }
    return Cookies.set(secure ? SECURE_COOKIE : COOKIE, keys.sign(WebKeys.SESSION, claims.build()), ttl, "Strict",
        secure);
  }

  /** The {@code Set-Cookie} values that delete the session cookie. */
  String[] clear(boolean secure) {
    return new String[] {Cookies.delete(COOKIE, false), secure ? Cookies.delete(SECURE_COOKIE, true) : null};
  }

  /** The request's valid, unrevoked session, if any. */
  Optional<Session> read(WebExchange exchange) {
    String value = exchange.cookie(SECURE_COOKIE);
    if (value == null) {
      value = exchange.cookie(COOKIE);
    }
    return keys.verify(WebKeys.SESSION, value).flatMap(this::session);
  }

  private Optional<Session> session(JWTClaimsSet c) {
    try {
      String id = c.getJWTID();
      if (id == null || revoked.containsKey(id) || c.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(new Session(id, c.getSubject(), Role.fromWire(c.getStringClaim("role")),
          c.getStringClaim("amr"), c.getStringClaim("tid"), c.getStringClaim("csrf"),
          c.getExpirationTime().toInstant()));
    } catch (java.text.ParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  void revoke(Session session) {
    Instant now = keys.clock().instant();
    if (revoked.size() >= MAX_REVOKED) {
      revoked.values().removeIf(expires -> !expires.isAfter(now));
    }
    if (revoked.size() < MAX_REVOKED) {
      revoked.put(session.id(), session.expires());
    }
  }
}
