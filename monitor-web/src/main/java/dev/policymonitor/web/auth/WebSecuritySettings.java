package dev.policymonitor.web.auth;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import dev.policymonitor.web.http.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The web side's security settings, every key declared here (registered with the others in the launcher's
 * configuration registry) and read in {@link #from}, with the files they name, checked before anything starts.
 * docs/security.md describes each.
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
  private static final String WEB = "streams (web)";
  private static final String HTTP = "every service (HTTP)";
  public static final ConfigKey<String> AUTH = ConfigKey.of("POLICY_MONITOR_WEB_AUTH",
      ValueType.oneOf(List.of("auto", "none")), "auto", WEB,
      "auto: API tokens and/or OIDC when configured, else open access on a loopback bind only (a non-loopback "
          + "bind without them refuses to start); none: open access wherever it binds (behind an authenticating "
          + "proxy).");
  public static final ConfigKey<Path> TOKENS_FILE = ConfigKey.of("POLICY_MONITOR_WEB_TOKENS_FILE",
      ValueType.of("file", Path::of), null, WEB,
      "The API tokens file (hashes only; policy-monitor web-token add makes tokens), re-read when it changes.");
  public static final ConfigKey<Path> SECRET_FILE = ConfigKey.of("POLICY_MONITOR_WEB_SECRET_FILE",
      ValueType.existingFile(), null, WEB,
      "A file of at least 32 random bytes shared by every instance: signs session cookies, OIDC state and "
          + "forwarded queries. Unset: random per process.");
  public static final ConfigKey<URI> PUBLIC_URL = ConfigKey.of("POLICY_MONITOR_WEB_PUBLIC_URL", ValueType.httpUrl(),
      null, WEB, "The URL users open the page at (behind a proxy): OIDC redirect URI, origin of writes; https "
          + "makes cookies Secure.");
  public static final ConfigKey<Boolean> TRUST_FORWARDED = ConfigKey.of("POLICY_MONITOR_WEB_TRUST_FORWARDED",
      ValueType.bool(), "false", HTTP,
      "true: honour Forwarded / X-Forwarded-* headers (only behind a proxy that sets them).");
  public static final ConfigKey<Duration> SESSION_TTL = ConfigKey.of("POLICY_MONITOR_WEB_SESSION_TTL",
      ValueType.duration(true), "PT8H", WEB, "Lifetime of a browser session, PT1M..P30D.");
  public static final ConfigKey<String> HTTP_BIND = ConfigKey.of("POLICY_MONITOR_HTTP_BIND", ValueType.text(), null,
      HTTP, "Default of --http-bind (unset: 127.0.0.1); the container image sets 0.0.0.0.");
  public static final ConfigKey<URI> OIDC_ISSUER = ConfigKey.of("POLICY_MONITOR_OIDC_ISSUER", ValueType.httpUrl(),
      null, WEB, "OpenID Connect provider's issuer URL (https); turns single sign-on on.");
  public static final ConfigKey<String> OIDC_CLIENT_ID = ConfigKey.of("POLICY_MONITOR_OIDC_CLIENT_ID",
      ValueType.text(), null, WEB, "The client registered at the provider.");
  public static final ConfigKey<String> OIDC_CLIENT_SECRET = ConfigKey.of("POLICY_MONITOR_OIDC_CLIENT_SECRET",
      ValueType.text(), null, WEB, "The client's secret (or use the _FILE variant).").secret();
  public static final ConfigKey<Path> OIDC_CLIENT_SECRET_FILE = ConfigKey.of(
      "POLICY_MONITOR_OIDC_CLIENT_SECRET_FILE", ValueType.existingFile(), null, WEB,
      "A file holding the client's secret.");
  public static final ConfigKey<String> OIDC_ALLOWED_USERS = ConfigKey.of("POLICY_MONITOR_OIDC_ALLOWED_USERS",
      ValueType.text(), null, WEB, "Comma-separated verified e-mail addresses or subjects let in with the default role.");
  public static final ConfigKey<String> OIDC_ALLOWED_DOMAINS = ConfigKey.of("POLICY_MONITOR_OIDC_ALLOWED_DOMAINS",
      ValueType.text(), null, WEB, "Comma-separated e-mail domains (verified addresses) let in with the default role.");
  public static final ConfigKey<String> OIDC_ROLE_CLAIM = ConfigKey.of("POLICY_MONITOR_OIDC_ROLE_CLAIM",
      ValueType.text(), null, WEB, "ID-token claim (string or list, e.g. groups) mapped to roles.");
  public static final ConfigKey<String> OIDC_ROLES = ConfigKey.of("POLICY_MONITOR_OIDC_ROLES", ValueType.text(),
      null, WEB, "value=role pairs for the role claim, e.g. policy-admins=admin,legal=editor.");
  public static final ConfigKey<String> OIDC_DEFAULT_ROLE = ConfigKey.of("POLICY_MONITOR_OIDC_DEFAULT_ROLE",
      ValueType.oneOf(List.of("viewer", "editor", "admin")), "viewer", WEB,
      "Role of users let in by the allowed users or domains.");
  public static final ConfigKey<String> OIDC_SCOPES = ConfigKey.of("POLICY_MONITOR_OIDC_SCOPES", ValueType.text(),
      "openid email profile", WEB, "Scopes asked of the provider.");
  /** Every key of the web side's security, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(AUTH, TOKENS_FILE, SECRET_FILE, PUBLIC_URL, TRUST_FORWARDED,
      SESSION_TTL, HTTP_BIND, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_CLIENT_SECRET_FILE,
      OIDC_ALLOWED_USERS, OIDC_ALLOWED_DOMAINS, OIDC_ROLE_CLAIM, OIDC_ROLES, OIDC_DEFAULT_ROLE, OIDC_SCOPES);
  private static final List<ConfigKey<?>> OIDC_KEYS = KEYS.subList(KEYS.indexOf(OIDC_CLIENT_ID), KEYS.size());

  public static final String AUTH_ENV = AUTH.name();
  public static final String TOKENS_FILE_ENV = TOKENS_FILE.name();
  public static final String SECRET_FILE_ENV = SECRET_FILE.name();
  public static final String PUBLIC_URL_ENV = PUBLIC_URL.name();
  public static final String TRUST_FORWARDED_ENV = TRUST_FORWARDED.name();
  public static final String SESSION_TTL_ENV = SESSION_TTL.name();
  public static final String HTTP_BIND_ENV = HTTP_BIND.name();
  public static final String OIDC_ISSUER_ENV = OIDC_ISSUER.name();
  public static final String OIDC_CLIENT_ID_ENV = OIDC_CLIENT_ID.name();
  public static final String OIDC_CLIENT_SECRET_ENV = OIDC_CLIENT_SECRET.name();
  public static final String OIDC_CLIENT_SECRET_FILE_ENV = OIDC_CLIENT_SECRET_FILE.name();
  public static final String OIDC_ALLOWED_USERS_ENV = OIDC_ALLOWED_USERS.name();
  public static final String OIDC_ALLOWED_DOMAINS_ENV = OIDC_ALLOWED_DOMAINS.name();
  public static final String OIDC_ROLE_CLAIM_ENV = OIDC_ROLE_CLAIM.name();
  public static final String OIDC_ROLES_ENV = OIDC_ROLES.name();
  public static final String OIDC_DEFAULT_ROLE_ENV = OIDC_DEFAULT_ROLE.name();
  public static final String OIDC_SCOPES_ENV = OIDC_SCOPES.name();
  /** Least length of the shared secret. */
  static final int MIN_SECRET_BYTES = 32;
  static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
  private static final Duration MAX_SESSION_TTL = Duration.ofDays(30);

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

  /** {@link #from} settings of just these keys, read from {@code env}: tests and tools. */
  public static WebSecuritySettings fromEnvironment(Map<String, String> env) {
    return from(Settings.of(KEYS, env));
  }

  /**
   * Reads and checks every setting and the files they name; the message of a bad one names the variable and the
   * reason (never a secret's value).
   */
  public static WebSecuritySettings from(Settings settings) {
    AuthMode auth = settings.get(AUTH).equals("none") ? AuthMode.NONE : AuthMode.AUTO;
    Path tokens = settings.find(TOKENS_FILE).orElse(null);
    Secret secret = settings.find(SECRET_FILE).map(f -> readSecret(SECRET_FILE_ENV, f, MIN_SECRET_BYTES)).orElse(null);
    URI publicUrl = settings.find(PUBLIC_URL).map(WebSecuritySettings::rootUrl).orElse(null);
    Duration ttl = settings.get(SESSION_TTL);
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(MAX_SESSION_TTL) > 0) {
      throw new InvalidConfigException(SESSION_TTL_ENV + " must be between PT1M and P30D, not '" + ttl + "'");
    }
    String bind = settings.find(HTTP_BIND).orElse(null);
    return new WebSecuritySettings(auth, tokens, secret, publicUrl, settings.get(TRUST_FORWARDED), ttl, bind,
        oidc(settings));
  }

  private static OidcSettings oidc(Settings settings) {
    if (settings.find(OIDC_ISSUER).isEmpty()) {
      for (ConfigKey<?> key : OIDC_KEYS) {
        if (settings.isSet(key)) {
          throw new InvalidConfigException(key.name() + " is set but " + OIDC_ISSUER_ENV + " is not");
        }
      }
      return null;
    }
    URI issuerUri = settings.get(OIDC_ISSUER);
    if ("http".equalsIgnoreCase(issuerUri.getScheme()) && !loopbackHost(issuerUri.getHost())) {
      throw new InvalidConfigException(OIDC_ISSUER_ENV + " must be an https URL (http only for an issuer on this "
          + "machine), not '" + issuerUri + "'");
    }
    String clientId = settings.find(OIDC_CLIENT_ID).orElseThrow(() -> new InvalidConfigException(
        OIDC_ISSUER_ENV + " is set but " + OIDC_CLIENT_ID_ENV + " is not"));
    boolean inline = settings.isSet(OIDC_CLIENT_SECRET);
    if (inline == settings.isSet(OIDC_CLIENT_SECRET_FILE)) {
      throw new InvalidConfigException("OIDC login needs exactly one of " + OIDC_CLIENT_SECRET_ENV + " and "
          + OIDC_CLIENT_SECRET_FILE_ENV);
    }
    Secret clientSecret = inline ? new Secret(settings.get(OIDC_CLIENT_SECRET))
        : readSecret(OIDC_CLIENT_SECRET_FILE_ENV, settings.get(OIDC_CLIENT_SECRET_FILE), 1);
    return new OidcSettings(issuerUri, clientId, clientSecret, list(settings, OIDC_ALLOWED_USERS),
        list(settings, OIDC_ALLOWED_DOMAINS).stream().map(d -> d.startsWith("@") ? d.substring(1) : d)
            .collect(Collectors.toSet()),
        settings.find(OIDC_ROLE_CLAIM).orElse(null), OidcSettings.parseRoles(settings.find(OIDC_ROLES).orElse(null)),
        Role.fromWire(settings.get(OIDC_DEFAULT_ROLE)), settings.get(OIDC_SCOPES));
  }

  private static Set<String> list(Settings settings, ConfigKey<String> key) {
    return Arrays.stream(settings.find(key).orElse("").split(",")).map(String::trim).filter(v -> !v.isEmpty())
        .map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
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

  /** The site's root URL: scheme, host and port; a path or query is refused. */
  private static URI rootUrl(URI uri) {
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
      throw new InvalidConfigException(PUBLIC_URL_ENV + " is the site's root URL (scheme, host, port), not '"
          + uri + "'; serving the page under a path is not supported");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  private static boolean loopbackHost(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
  }
}
