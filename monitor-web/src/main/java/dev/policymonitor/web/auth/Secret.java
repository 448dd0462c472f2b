package dev.policymonitor.web.auth;

import java.util.Objects;

/** A secret value (a client secret, a key): prints as {@code [secret]}, so a log line or error cannot show it. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The value itself, for the one place that uses it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}
