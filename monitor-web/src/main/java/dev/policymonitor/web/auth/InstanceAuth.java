package dev.policymonitor.web.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.policymonitor.web.http.InstanceCredentials;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

/**
 * Authentication between instances of the streams service: a forwarded query carries a JWT signed with the
 * instance key (derived from the shared {@code POLICY_MONITOR_WEB_SECRET_FILE}), naming the method and path and
 * valid for a minute. It grants reading (GET, HEAD) only: instances forward reads, never writes.
 */
final class InstanceAuth implements InstanceCredentials {
  static final Duration LIFETIME = Duration.ofSeconds(60);
  private final WebKeys keys;

  InstanceAuth(WebKeys keys) {
    this.keys = keys;
  }

  @Override
  public String assertion(String method, String pathAndQuery) {
    var now = keys.clock().instant();
    return keys.sign(WebKeys.INSTANCE, new JWTClaimsSet.Builder().subject("instance")
        .claim("htm", method).claim("htu", pathAndQuery)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME))).build());
  }

  /** True when {@code header} is a valid assertion for exactly this read. */
  boolean verify(String header, String method, String pathAndQuery) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return false;
    }
    Optional<JWTClaimsSet> claims = keys.verify(WebKeys.INSTANCE, header);
    return claims.isPresent() && "GET".equals(claims.get().getClaim("htm"))
        && pathAndQuery.equals(claims.get().getClaim("htu"));
  }
}
