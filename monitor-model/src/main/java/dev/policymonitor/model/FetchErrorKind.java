package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a fetch failed. {@code renderer-unavailable}: the document needs a headless browser and there is none (no
 * Chromium installed, or it cannot start); the message says how to install it. {@code redirect-loop}: the page
 * redirects more often than the client follows (a loop), permanent for the check.
 */
public enum FetchErrorKind {
  DNS, TIMEOUT, TLS, CONNECTION, HTTP_4XX, HTTP_5XX, TOO_LARGE, UNSUPPORTED_TYPE, BLOCKED, INVALID_CONTENT,
  RENDERER_UNAVAILABLE, REDIRECT_LOOP;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static FetchErrorKind fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
