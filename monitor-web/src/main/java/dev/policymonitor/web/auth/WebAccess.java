package dev.policymonitor.web.auth;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Principal;
import dev.policymonitor.web.http.RequestGate;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Route;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.http.WebExchange;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may reach the web routes, decided for every request before its handler runs ({@link RequestGate}):
 * <ul>
 *   <li>API tokens in {@code Authorization: Bearer} (role from the tokens file; exempt from CSRF checks, since a
 *   browser never adds the header by itself); feed tokens also as {@code ?token=}, on feed routes only;</li>
 *   <li>browser sessions (after a token or OIDC login): every write needs the session's CSRF token in
 *   {@link #CSRF_HEADER} and must come from our own origin ({@code Origin}, {@code Sec-Fetch-Site});</li>
 *   <li>forwarded queries from other instances ({@link InstanceAuth}), reads only;</li>
 *   <li>open access when no authentication is configured: on loopback only (requests must name localhost, against
 *   DNS rebinding), or anywhere with the explicit {@code POLICY_MONITOR_WEB_AUTH=none}; writes still must come from
 *   our own origin.</li>
 * </ul>
 */
public final class WebAccess implements RequestGate {
  /** The header that carries a cookie session's CSRF token on writes. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  /** How requests are let in. */
  public enum Mode {
    /** Anyone who can reach the loopback port, as admin. */
    OPEN_LOOPBACK,
    /** Anyone, as admin: {@code POLICY_MONITOR_WEB_AUTH=none}. */
    OPEN,
    /** Tokens and/or OIDC. */
    AUTHENTICATED
  }

  private final Mode mode;
  private final WebSecuritySettings settings;
  private final TokenStore tokens;
  private final WebKeys keys;
  private final Sessions sessions;
  private final InstanceAuth instances;
  private final OidcLogin oidc;
  private final OriginCheck origins;

  private WebAccess(Mode mode, WebSecuritySettings settings, TokenStore tokens, WebKeys keys, OidcLogin oidc) {
    this.mode = mode;
    this.settings = settings;
    this.tokens = tokens;
    this.keys = keys;
    this.sessions = new Sessions(keys, settings.sessionTtl());
    this.instances = new InstanceAuth(keys);
    this.oidc = oidc;
    this.origins = new OriginCheck(settings.publicUrl());
  }

  /**
   * The access rules for a server bound as {@code loopbackOnly} says.
   *
   * @throws InvalidConfigException when the server would be reachable from the network without authentication
   *     and {@code POLICY_MONITOR_WEB_AUTH=none} does not say so, or a file is missing or malformed
   */
  public static WebAccess create(WebSecuritySettings settings, boolean loopbackOnly, Clock clock) {
    WebKeys keys = WebKeys.of(settings.secret(), clock);
    if (!settings.authenticationConfigured()) {
      if (settings.auth() == WebSecuritySettings.AuthMode.NONE) {
        return new WebAccess(Mode.OPEN, settings, null, keys, null);
      }
      if (!loopbackOnly) {
        throw new InvalidConfigException("the web page and API would be served to the network without "
            + "authentication: set " + WebSecuritySettings.TOKENS_FILE_ENV + " (policy-monitor web-token add ...) "
            + "or OIDC (" + WebSecuritySettings.OIDC_ISSUER_ENV + " ...), bind to loopback (--http-bind 127.0.0.1), "
            + "or set " + WebSecuritySettings.AUTH_ENV + "=none to serve it open (e.g. behind an authenticating proxy)");
      }
      return new WebAccess(Mode.OPEN_LOOPBACK, settings, null, keys, null);
    }
    TokenStore tokens = settings.tokensFile() == null ? null : TokenStore.open(settings.tokensFile());
    OidcLogin oidc = settings.oidc() == null ? null : new OidcLogin(settings.oidc(), settings.publicUrl(), keys);
    return new WebAccess(Mode.AUTHENTICATED, settings, tokens, keys, oidc);
  }

  public Mode mode() {
    return mode;
  }

  /** The one line to log at start when access is open, naming why; empty when authentication is on. */
  public Optional<String> openAccessWarning(String where) {
    return switch (mode) {
      case OPEN_LOOPBACK -> Optional.of("web: open access on " + where + " (loopback only): no "
          + WebSecuritySettings.TOKENS_FILE_ENV + " or OIDC is set, so anyone on this machine can use the page and "
          + "API");
      case OPEN -> Optional.of("web: open access on " + where + " (" + WebSecuritySettings.AUTH_ENV
          + "=none): anyone who can reach it can use the page and API");
      case AUTHENTICATED -> Optional.empty();
    };
  }

  /** Why forwarding between instances will fail, when authentication is on without a shared secret. */
  public Optional<String> sharedSecretWarning() {
    return mode == Mode.AUTHENTICATED && !keys.shared()
        ? Optional.of("web: " + WebSecuritySettings.SECRET_FILE_ENV + " is not set: sessions end when this process "
            + "restarts, and other streams instances will refuse the queries this one forwards to them")
        : Optional.empty();
  }

  /** What this instance sends when it forwards a query to another one. */
  public InstanceCredentials instanceCredentials() {
    return mode == Mode.AUTHENTICATED ? instances : InstanceCredentials.NONE;
  }

  /** The login routes: {@code /auth/session}, {@code /auth/login}, {@code /auth/logout}, {@code /auth/oidc/*}. */
  public Routes routes() {
    AuthRoutes handlers = new AuthRoutes(this);
    Routes.Builder routes = Routes.builder()
        .publicGet("/auth/session", handlers::session)
        .add(new Route("/auth/login", Set.of("POST"), null, false, handlers::login))
        .add(new Route("/auth/logout", Set.of("POST"), null, false, handlers::logout));
    if (oidc != null) {
      routes.publicGet("/auth/oidc/login", handlers::oidcLogin);
      routes.publicGet(OidcLogin.CALLBACK_PATH, handlers::oidcCallback);
    }
    return routes.build();
  }

  @Override
  public Decision check(WebExchange exchange, Route route) {
    String method = exchange.getRequestMethod();
    if (mode == Mode.OPEN_LOOPBACK && !OriginCheck.loopbackAuthority(exchange.authority())) {
      return new Refuse(403, "this server runs without authentication on loopback, so it answers only requests "
          + "addressed to localhost, 127.0.0.1 or [::1] (set " + WebSecuritySettings.TOKENS_FILE_ENV
          + " to serve other names)");
    }
    Identity identity;
    if (mode == Mode.AUTHENTICATED) {
      Object who = identify(exchange, route);
      if (who instanceof Refuse refuse) {
        return refuse;
      }
      identity = (Identity) who;
    } else {
      identity = new Identity(Principal.open(), null);
    }
    Principal principal = identity.principal();
    if (!SAFE.contains(method)) {
      boolean browserCredentials = principal == null || principal.cookieSession()
          || Principal.OPEN.equals(principal.method());
      if (browserCredentials) {
        Optional<String> crossSite = origins.crossSite(exchange);
        if (crossSite.isPresent()) {
          return new Refuse(403, crossSite.get());
        }
      }
      if (identity.session() != null && !constantTimeEquals(identity.session().csrf(),
          exchange.requestHeader(CSRF_HEADER))) {
        return new Refuse(403, "this write needs the session's CSRF token in the " + CSRF_HEADER
            + " header (GET /auth/session gives it)");
      }
    }
    if (route.isPublic()) {
      return new Allow(principal);
    }
    if (principal == null) {
      return new Refuse(401, "log in first: send an API token as 'Authorization: Bearer <token>', or log in on "
          + "the page", Map.of("WWW-Authenticate", "Bearer realm=\"policy-monitor\""));
    }
    if (!principal.role().atLeast(route.role())) {
      return new Refuse(403, principal.name() + " has the " + principal.role().wire() + " role; this needs "
          + route.role().wire());
    }
    return new Allow(principal);
  }

  /** The authenticated principal (or a null one) and the session it came with, if any. */
  record Identity(Principal principal, Sessions.Session session) {}

  /** An {@link Identity}, or a {@link Refuse} when credentials were sent but are not good. */
  private Object identify(WebExchange exchange, Route route) {
    String authorization = exchange.requestHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return new Refuse(401, "only 'Authorization: Bearer <token>' is accepted",
            Map.of("WWW-Authenticate", "Bearer realm=\"policy-monitor\""));
      }
      return tokenIdentity(authorization.substring(7).trim(), route, false);
    }
    String instance = exchange.requestHeader(InstanceCredentials.HEADER);
    if (instance != null) {
      URI uri = exchange.getRequestURI();
      String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      if (!instances.verify(instance, exchange.getRequestMethod(), pathAndQuery)) {
        return new Refuse(401, "the forwarding instance's assertion is not valid here (do all instances share "
            + WebSecuritySettings.SECRET_FILE_ENV + "?)");
      }
      return new Identity(new Principal("instance", Role.VIEWER, Principal.INSTANCE), null);
    }
    if (route.feed()) {
      String queryToken = queryParameter(exchange.getRequestURI(), "token");
      if (queryToken != null) {
        return tokenIdentity(queryToken, route, true);
      }
    }
    Optional<Sessions.Session> session = sessions.read(exchange);
    if (session.isPresent()) {
      Sessions.Session s = session.get();
      Role role = s.role();
      if (s.tokenId() != null) {
        Optional<ApiToken> token = tokens == null ? Optional.empty() : tokens.byId(s.tokenId());
        if (token.isEmpty()) {
          return new Identity(null, null); // the token was removed: the session ended with it
        }
        role = token.get().role();
      }
      return new Identity(new Principal(s.user(), role, s.method()), s);
    }
    return new Identity(null, null);
  }

  private Object tokenIdentity(String presented, Route route, boolean inUrl) {
    Optional<ApiToken> token = tokens == null ? Optional.empty() : tokens.verify(presented);
    if (token.isEmpty()) {
      return new Refuse(401, "unknown or revoked token", Map.of("WWW-Authenticate",
          "Bearer realm=\"policy-monitor\", error=\"invalid_token\""));
    }
    ApiToken t = token.get();
    if (t.scope() == ApiToken.Scope.FEED) {
      if (!route.feed()) {
        return new Refuse(403, "token " + t.name() + " is a feed token: it reads feeds only");
      }
      return new Identity(new Principal(t.name(), Role.VIEWER, Principal.TOKEN), null);
    }
    if (inUrl) {
      return new Refuse(401, "only feed tokens may be given in the URL; send API tokens in the Authorization header");
    }
    return new Identity(new Principal(t.name(), t.role(), Principal.TOKEN), null);
  }

  static String queryParameter(URI uri, String name) {
    String raw = uri.getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        try {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  static boolean constantTimeEquals(String expected, String given) {
    return given != null && java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  // for AuthRoutes
  TokenStore tokens() {
    return tokens;
  }

  Sessions sessions() {
    return sessions;
  }

  OidcLogin oidc() {
    return oidc;
  }

  WebSecuritySettings settings() {
    return settings;
  }

  /** Whether cookies must be Secure: the request came over TLS, or the public URL is https. */
  boolean secure(WebExchange exchange) {
    return exchange.isSecure() || settings.publicUrl() != null && "https".equals(settings.publicUrl().getScheme());
  }
}
