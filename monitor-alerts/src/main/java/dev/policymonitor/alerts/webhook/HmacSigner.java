package dev.policymonitor.alerts.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies as {@code sha256=<hex HMAC-SHA256 of the body>}, the form GitHub webhooks use. */
public final class HmacSigner {
  private final SecretKeySpec key;

  public HmacSigner(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
