package dev.policymonitor.model;

/** A configuration file or option that cannot be used; the message says what and where, in one line. */
public final class InvalidConfigException extends RuntimeException {
  private final String field;

  public InvalidConfigException(String message) {
    this(message, null);
  }

  /** @param field where the problem is, as people read it ({@code vendors[0].documents[1].url}); may be null */
  public InvalidConfigException(String message, String field) {
    super(message);
    this.field = field;
  }

  /** Where the problem is in the file ({@code vendors[0].documents[1].url}); null when unknown. */
  public String field() {
    return field;
  }
}
