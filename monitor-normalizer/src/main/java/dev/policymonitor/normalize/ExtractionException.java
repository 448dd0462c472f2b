package dev.policymonitor.normalize;

/** A snapshot that cannot give a policy text: empty, binary, undecodable, a selector that matched nothing, a JS shell. */
public final class ExtractionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExtractionException(String message) {
    super(message);
  }

  public ExtractionException(String message, Throwable cause) {
    super(message, cause);
  }
}
