package dev.policymonitor.model;

/** A configuration file or option that cannot be used; the message says what and where, in one line. */
public final class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
