package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a fetch failed. {@code forbidden-target}: the URL, or a redirect of it, leads to an address the fetcher's SSRF
 * guard refuses (loopback, private, link-local, cloud metadata...); {@code too-many-redirects}: more than 20
 * redirects, usually a loop; {@code renderer-unavailable}: the document needs a headless browser and there is none
 * (no Chromium installed, or it cannot start); the message says how to install it.
 */
public enum FetchErrorKind {
  DNS, TIMEOUT, TLS, CONNECTION, HTTP_4XX, HTTP_5XX, TOO_LARGE, UNSUPPORTED_TYPE, BLOCKED, INVALID_CONTENT,
  FORBIDDEN_TARGET, TOO_MANY_REDIRECTS, RENDERER_UNAVAILABLE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static FetchErrorKind fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
