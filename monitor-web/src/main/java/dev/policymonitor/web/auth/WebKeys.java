package dev.policymonitor.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of the web side, derived from one shared secret ({@code POLICY_MONITOR_WEB_SECRET_FILE}) or, without
 * it, from 32 random bytes made at start: one key per use (HMAC-SHA256 of the secret and the use's name), so a
 * session cookie can never pass as a forwarded-query assertion or an OIDC state. Signed values are JWTs (HS256,
 * Nimbus JOSE), each with its use as audience and an expiry.
 */
final class WebKeys {
  static final String SESSION = "policy-monitor/session";
  static final String INSTANCE = "policy-monitor/instance";
  static final String OIDC_STATE = "policy-monitor/oidc-state";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final java.util.Map<String, byte[]> keys;
  private final boolean shared;
  private final Clock clock;

  private WebKeys(byte[] master, boolean shared, Clock clock) {
    this.keys = java.util.Map.of(SESSION, derive(master, SESSION), INSTANCE, derive(master, INSTANCE),
        OIDC_STATE, derive(master, OIDC_STATE));
    this.shared = shared;
    this.clock = clock;
  }

  static WebKeys of(Secret secret, Clock clock) {
    if (secret == null) {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      return new WebKeys(random, false, clock);
    }
    return new WebKeys(secret.reveal().getBytes(StandardCharsets.UTF_8), true, clock);
  }

  /** True when the secret is the configured shared one (every instance has the same keys). */
  boolean shared() {
    return shared;
  }

  Clock clock() {
    return clock;
  }

  /** Signs {@code claims} for {@code use} (its audience). */
  String sign(String use, JWTClaimsSet claims) {
    JWTClaimsSet withAudience = new JWTClaimsSet.Builder(claims).audience(use).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), withAudience);
    try {
      jwt.sign(new MACSigner(key(use)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a " + use + " value", e);
    }
    return jwt.serialize();
  }

  /** The claims of a value signed for {@code use}, when its signature, audience and expiry are good. */
  Optional<JWTClaimsSet> verify(String use, String value) {
    if (value == null || value.isEmpty() || value.length() > 4096) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(value);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key(use)))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (claims.getAudience() == null || !claims.getAudience().equals(java.util.List.of(use)) || exp == null
          || !exp.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }

  /** 128 random bits, base64url: session ids, CSRF tokens, OIDC state and nonce. */
  static String randomId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private byte[] key(String use) {
    byte[] key = keys.get(use);
    if (key == null) {
      throw new IllegalArgumentException("no key for " + use);
    }
    return key;
  }

  private static byte[] derive(byte[] master, String use) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      return mac.doFinal(use.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
