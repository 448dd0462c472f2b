package dev.policymonitor.web.auth;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.web.http.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The web side's security settings, every one read here from the {@code POLICY_MONITOR_*} environment (and the
 * files it names), checked before anything starts. docs/security.md describes each.
 *
 * @param auth {@code auto}: tokens and/or OIDC when configured, else open on loopback only; {@code none}: open
 *     wherever the server binds (the explicit opt-out, e.g. behind an authenticating proxy)
 * @param tokensFile API tokens, hashed at rest (see {@link TokenStore}); null: none
 * @param secret the shared secret of every instance (signs session cookies and forwarded queries); null: a
 *     random one per process
 * @param publicUrl the URL users reach the page at (behind a proxy); null: as the request says
 * @param httpBind the default of {@code --http-bind} (the container image sets 0.0.0.0); null: 127.0.0.1
 */
public record WebSecuritySettings(AuthMode auth, Path tokensFile, Secret secret, URI publicUrl,
    boolean trustForwarded, Duration sessionTtl, String httpBind, OidcSettings oidc) {
  public static final String AUTH_ENV = "POLICY_MONITOR_WEB_AUTH";
  public static final String TOKENS_FILE_ENV = "POLICY_MONITOR_WEB_TOKENS_FILE";
  public static final String SECRET_FILE_ENV = "POLICY_MONITOR_WEB_SECRET_FILE";
  public static final String PUBLIC_URL_ENV = "POLICY_MONITOR_WEB_PUBLIC_URL";
  public static final String TRUST_FORWARDED_ENV = "POLICY_MONITOR_WEB_TRUST_FORWARDED";
  public static final String SESSION_TTL_ENV = "POLICY_MONITOR_WEB_SESSION_TTL";
  public static final String HTTP_BIND_ENV = "POLICY_MONITOR_HTTP_BIND";
  public static final String OIDC_ISSUER_ENV = "POLICY_MONITOR_OIDC_ISSUER";
  public static final String OIDC_CLIENT_ID_ENV = "POLICY_MONITOR_OIDC_CLIENT_ID";
  public static final String OIDC_CLIENT_SECRET_ENV = "POLICY_MONITOR_OIDC_CLIENT_SECRET";
  public static final String OIDC_CLIENT_SECRET_FILE_ENV = "POLICY_MONITOR_OIDC_CLIENT_SECRET_FILE";
  public static final String OIDC_ALLOWED_USERS_ENV = "POLICY_MONITOR_OIDC_ALLOWED_USERS";
  public static final String OIDC_ALLOWED_DOMAINS_ENV = "POLICY_MONITOR_OIDC_ALLOWED_DOMAINS";
  public static final String OIDC_ROLE_CLAIM_ENV = "POLICY_MONITOR_OIDC_ROLE_CLAIM";
  public static final String OIDC_ROLES_ENV = "POLICY_MONITOR_OIDC_ROLES";
  public static final String OIDC_DEFAULT_ROLE_ENV = "POLICY_MONITOR_OIDC_DEFAULT_ROLE";
  public static final String OIDC_SCOPES_ENV = "POLICY_MONITOR_OIDC_SCOPES";
  /** Least length of the shared secret. */
  static final int MIN_SECRET_BYTES = 32;
  static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);

  /** How the web side decides whether to ask who you are. */
  public enum AuthMode { AUTO, NONE }

  public WebSecuritySettings {
    if (auth == AuthMode.NONE && (tokensFile != null || oidc != null)) {
      throw new InvalidConfigException(AUTH_ENV + "=none turns authentication off, but " + TOKENS_FILE_ENV
          + " or " + OIDC_ISSUER_ENV + " is set: unset one or the other");
    }
    if (oidc != null && publicUrl == null) {
      throw new InvalidConfigException("OIDC login needs " + PUBLIC_URL_ENV
          + " (the URL users open, e.g. https://policy.example.com): the identity provider redirects back to "
          + "<that URL>/auth/oidc/callback");
    }
  }

  /** No authentication configured; loopback only. */
  public static WebSecuritySettings defaults() {
    return new WebSecuritySettings(AuthMode.AUTO, null, null, null, false, DEFAULT_SESSION_TTL, null, null);
  }

  public WebSecuritySettings withTokensFile(Path file) {
    return new WebSecuritySettings(auth, file, secret, publicUrl, trustForwarded, sessionTtl, httpBind, oidc);
  }

  public WebSecuritySettings withSecret(Secret shared) {
    return new WebSecuritySettings(auth, tokensFile, shared, publicUrl, trustForwarded, sessionTtl, httpBind, oidc);
  }

  public WebSecuritySettings withOidc(OidcSettings settings, URI url) {
    return new WebSecuritySettings(auth, tokensFile, secret, url, trustForwarded, sessionTtl, httpBind, settings);
  }

  /** True when some way of logging in is configured. */
  public boolean authenticationConfigured() {
    return tokensFile != null || oidc != null;
  }

  /** Reads and checks every setting; the message of a bad one names the variable and the reason. */
  public static WebSecuritySettings fromEnvironment(Map<String, String> env) {
    AuthMode auth = switch (value(env, AUTH_ENV, "auto").toLowerCase(Locale.ROOT)) {
      case "auto" -> AuthMode.AUTO;
      case "none" -> AuthMode.NONE;
      default -> throw new InvalidConfigException(AUTH_ENV + " is auto or none, not '" + env.get(AUTH_ENV) + "'");
    };
    Path tokens = file(env, TOKENS_FILE_ENV, false);
    Path secretFile = file(env, SECRET_FILE_ENV, true);
    Secret secret = secretFile == null ? null : readSecret(SECRET_FILE_ENV, secretFile, MIN_SECRET_BYTES);
    URI publicUrl = publicUrl(value(env, PUBLIC_URL_ENV, null));
    boolean trust = bool(env, TRUST_FORWARDED_ENV);
    Duration ttl = duration(env, SESSION_TTL_ENV, DEFAULT_SESSION_TTL);
    String bind = value(env, HTTP_BIND_ENV, null);
    return new WebSecuritySettings(auth, tokens, secret, publicUrl, trust, ttl, bind, oidc(env));
  }

  private static OidcSettings oidc(Map<String, String> env) {
    String issuer = value(env, OIDC_ISSUER_ENV, null);
    if (issuer == null) {
      for (String key : env.keySet()) {
        if (key.startsWith("POLICY_MONITOR_OIDC_") && !value(env, key, "").isEmpty()) {
          throw new InvalidConfigException(key + " is set but " + OIDC_ISSUER_ENV + " is not");
        }
      }
      return null;
    }
    URI issuerUri = httpUrl(OIDC_ISSUER_ENV, issuer);
    if ("http".equalsIgnoreCase(issuerUri.getScheme()) && !loopbackHost(issuerUri.getHost())) {
      throw new InvalidConfigException(OIDC_ISSUER_ENV + " must be an https URL (http only for an issuer on this "
          + "machine), not '" + issuer + "'");
    }
    String clientId = value(env, OIDC_CLIENT_ID_ENV, null);
    if (clientId == null) {
      throw new InvalidConfigException(OIDC_ISSUER_ENV + " is set but " + OIDC_CLIENT_ID_ENV + " is not");
    }
    String inline = value(env, OIDC_CLIENT_SECRET_ENV, null);
    Path secretFile = file(env, OIDC_CLIENT_SECRET_FILE_ENV, true);
    if ((inline == null) == (secretFile == null)) {
      throw new InvalidConfigException("OIDC login needs exactly one of " + OIDC_CLIENT_SECRET_ENV + " and "
          + OIDC_CLIENT_SECRET_FILE_ENV);
    }
    Secret clientSecret = inline != null ? new Secret(inline)
        : readSecret(OIDC_CLIENT_SECRET_FILE_ENV, secretFile, 1);
    Role defaultRole;
    try {
      defaultRole = Role.fromWire(value(env, OIDC_DEFAULT_ROLE_ENV, "viewer"));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(OIDC_DEFAULT_ROLE_ENV + ": " + e.getMessage());
    }
    return new OidcSettings(issuerUri, clientId, clientSecret, list(env, OIDC_ALLOWED_USERS_ENV),
        list(env, OIDC_ALLOWED_DOMAINS_ENV).stream().map(d -> d.startsWith("@") ? d.substring(1) : d)
            .collect(Collectors.toSet()),
        value(env, OIDC_ROLE_CLAIM_ENV, null), OidcSettings.parseRoles(value(env, OIDC_ROLES_ENV, null)),
        defaultRole, value(env, OIDC_SCOPES_ENV, "openid email profile"));
  }

  private static String value(Map<String, String> env, String key, String fallback) {
    String v = env.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static boolean bool(Map<String, String> env, String key) {
    String v = value(env, key, "false").toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new InvalidConfigException(key + " is true or false, not '" + env.get(key) + "'");
    }
    return v.equals("true");
  }

  private static Duration duration(Map<String, String> env, String key, Duration fallback) {
    String v = value(env, key, null);
    if (v == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
        throw new InvalidConfigException(key + " must be between PT1M and P30D, not '" + v + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(key + " is an ISO-8601 duration like PT8H, not '" + v + "'");
    }
  }

  private static Set<String> list(Map<String, String> env, String key) {
    String v = value(env, key, "");
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  private static Path file(Map<String, String> env, String key, boolean mustExist) {
    String v = value(env, key, null);
    if (v == null) {
      return null;
    }
    Path p = Path.of(v);
    if (mustExist && !Files.isRegularFile(p)) {
      throw new InvalidConfigException(key + " names no readable file: " + v);
    }
    return p;
  }

  private static Secret readSecret(String key, Path file, int minBytes) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new InvalidConfigException(key + ": cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    if (text.getBytes(StandardCharsets.UTF_8).length < minBytes) {
      throw new InvalidConfigException(key + ": " + file + " holds " + text.length() + " characters; it needs at "
          + "least " + minBytes + " (e.g. head -c 32 /dev/urandom | base64 > " + file + ")");
    }
    return new Secret(text);
  }

  private static URI publicUrl(String text) {
    if (text == null) {
      return null;
    }
    URI uri = httpUrl(PUBLIC_URL_ENV, text);
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
      throw new InvalidConfigException(PUBLIC_URL_ENV + " is the site's root URL (scheme, host, port), not '"
          + text + "'; serving the page under a path is not supported");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  private static boolean loopbackHost(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  private static URI httpUrl(String key, String text) {
    try {
      URI uri = new URI(text);
      if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidConfigException(key + " must be an http(s) URL, not '" + text + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new InvalidConfigException(key + " must be an http(s) URL, not '" + text + "'");
    }
  }
}
