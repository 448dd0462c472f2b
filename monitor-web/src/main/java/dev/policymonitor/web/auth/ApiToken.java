package dev.policymonitor.web.auth;

import dev.policymonitor.web.http.Role;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One API token as the tokens file keeps it: never the token, only its SHA-256.
 *
 * @param name who or what holds it (unique in the file): shown as the user in audit trails
 * @param scope {@link Scope#API}: the API and the page by its role; {@link Scope#FEED}: feeds only
 * @param sha256 lower-case hex SHA-256 of the token's UTF-8 text
 */
public record ApiToken(String name, Role role, Scope scope, String sha256, Instant created) {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");
  static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** What a token may be used for. */
  public enum Scope {
    /** The API and the page, with the token's role; only in the {@code Authorization} header or at login. */
    API,
    /** Feeds only (read), also as {@code ?token=} since feed readers cannot send headers. */
    FEED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Scope fromWire(String text) {
      for (Scope s : values()) {
        if (s.wire().equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException("a scope is api or feed, not '" + text + "'");
    }
  }

  public ApiToken {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a token name is 1-64 letters, digits and . _ @ + - (starting with a "
          + "letter or digit), not '" + name + "'");
    }
    if (!HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("a token hash is sha256: and 64 lower-case hex digits");
    }
  }

  /** A short, non-secret id of the token (the start of its hash): what a session cookie refers to. */
  public String id() {
    return sha256.substring(0, 16);
  }
}
