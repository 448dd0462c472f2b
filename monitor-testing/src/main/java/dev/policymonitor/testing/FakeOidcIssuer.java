package dev.policymonitor.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in OpenID Connect provider on loopback that speaks the real protocol: discovery
 * ({@code /.well-known/openid-configuration}), a JWKS with a test RSA key made at start, an authorization endpoint
 * that logs the configured user in at once (a 302 back to the client with a code and the state), and a token
 * endpoint that checks the client secret (HTTP Basic), the redirect URI and the PKCE verifier (S256) before it
 * answers an ID token signed with the test key. {@link #misbehave} makes its next ID tokens wrong in one way, for
 * the client's validation to catch.
 */
public final class FakeOidcIssuer implements AutoCloseable {
  /** Ways the next ID tokens can be wrong. */
  public enum Misbehaviour { NONE, FOREIGN_KEY, WRONG_AUDIENCE, EXPIRED, WRONG_NONCE, WRONG_ISSUER, UNSIGNED }

  private final HttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final RSAKey key;
  private final RSAKey foreignKey;
  private final Map<String, Pending> codes = new ConcurrentHashMap<>();
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private volatile Map<String, Object> userClaims = Map.of("sub", "user-1", "email", "alice@example.com",
      "email_verified", true);
  private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
  private volatile String authorizeError;

  private record Pending(String redirectUri, String nonce, String challenge, Map<String, Object> claims) {}

  private FakeOidcIssuer(HttpServer server, String clientId, String clientSecret) {
    this.server = server;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    try {
      this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
      this.foreignKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the issuer for one client. */
  public static FakeOidcIssuer start(String clientId, String clientSecret) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FakeOidcIssuer issuer = new FakeOidcIssuer(server, clientId, clientSecret);
    server.createContext("/.well-known/openid-configuration", issuer::discovery);
    server.createContext("/jwks", issuer::jwks);
    server.createContext("/authorize", issuer::authorize);
    server.createContext("/token", issuer::token);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-oidc-issuer");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return issuer;
  }

  public URI issuer() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The claims (sub, email, email_verified, groups, ...) of whoever logs in next. */
  public void user(Map<String, Object> claims) {
    this.userClaims = Map.copyOf(claims);
  }

  public void misbehave(Misbehaviour how) {
    this.misbehaviour = how;
  }

  /** The authorization endpoint answers the next logins with {@code ?error=} (null: logs them in). */
  public void refuseLogins(String error) {
    this.authorizeError = error;
  }

  /** The bodies of the token requests received (form-encoded, client secret not included). */
  public List<String> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  private void discovery(HttpExchange exchange) throws IOException {
    String base = issuer().toString();
    send(exchange, 200, "application/json", ("{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base
        + "/authorize\",\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks\","
        + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
        + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
        + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
        + "\"code_challenge_methods_supported\":[\"S256\"]}"));
  }

  private void jwks(HttpExchange exchange) throws IOException {
    send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
    String redirect = q.get("redirect_uri");
    if (!clientId.equals(q.get("client_id")) || redirect == null || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null
        || q.get("nonce") == null || q.get("state") == null || !q.getOrDefault("scope", "").contains("openid")) {
      send(exchange, 400, "text/plain", "bad authorization request: " + q.keySet());
      return;
    }
    String location;
    if (authorizeError != null) {
      location = redirect + "?error=" + enc(authorizeError) + "&state=" + enc(q.get("state"));
    } else {
      String code = UUID.randomUUID().toString();
      codes.put(code, new Pending(redirect, q.get("nonce"), q.get("code_challenge"), userClaims));
      location = redirect + "?code=" + enc(code) + "&state=" + enc(q.get("state"));
    }
    exchange.getResponseHeaders().set("Location", location);
    send(exchange, 302, "text/plain", "");
  }

  private void token(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    tokenRequests.add(body);
    Map<String, String> form = form(body);
    String expected = "Basic " + Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret))
        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      error(exchange, 401, "invalid_client");
      return;
    }
    Pending pending = codes.remove(form.getOrDefault("code", ""));
    if (pending == null || !"authorization_code".equals(form.get("grant_type"))
        || !pending.redirectUri().equals(form.get("redirect_uri"))) {
      error(exchange, 400, "invalid_grant");
      return;
    }
    String verifier = form.get("code_verifier");
    if (verifier == null || !pending.challenge().equals(s256(verifier))) {
      error(exchange, 400, "invalid_grant");
      return;
    }
    String idToken = idToken(pending);
    send(exchange, 200, "application/json", "{\"access_token\":\"at-" + UUID.randomUUID()
        + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken + "\"}");
  }

  private String idToken(Pending pending) {
    Misbehaviour how = misbehaviour;
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(how == Misbehaviour.WRONG_ISSUER ? "http://evil.example" : issuer().toString())
        .audience(how == Misbehaviour.WRONG_AUDIENCE ? "someone-else" : clientId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(how == Misbehaviour.EXPIRED ? now.minus(Duration.ofHours(1))
            : now.plus(Duration.ofMinutes(5))))
        .claim("nonce", how == Misbehaviour.WRONG_NONCE ? "not-the-nonce" : pending.nonce());
    pending.claims().forEach(claims::claim);
    JWTClaimsSet set = claims.build();
    if (how == Misbehaviour.UNSIGNED) {
      return new PlainJWT(set).serialize();
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key").build(), set);
    try {
      jwt.sign(new RSASSASigner(how == Misbehaviour.FOREIGN_KEY ? foreignKey : key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(HttpExchange exchange, int status, String code) throws IOException {
    send(exchange, status, "application/json", "{\"error\":\"" + code + "\"}");
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
