package dev.policymonitor.web.auth;

import java.time.Duration;

/** {@code Set-Cookie} values of the web side's cookies: always HttpOnly and path {@code /}. */
final class Cookies {
  private Cookies() {}

  static String set(String name, String value, Duration maxAge, String sameSite, boolean secure) {
    return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=" + sameSite
        + (secure ? "; Secure" : "");
  }

  static String delete(String name, boolean secure) {
    return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }
}
