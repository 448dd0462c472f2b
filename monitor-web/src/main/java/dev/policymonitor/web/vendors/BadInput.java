package dev.policymonitor.web.vendors;

/**
 * A request the vendors API refuses: answered {@code status} with {@code {"error": message, "field": field}}.
 *
 * @see VendorResponses#refuse
 */
final class BadInput extends RuntimeException {
  private final int status;
  private final String field;

  BadInput(String message, String field) {
    this(400, message, field);
  }

  BadInput(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  int status() {
    return status;
  }

  /** The field of the request body the problem is in ({@code url}, {@code select[0]}); null when none. */
  String field() {
    return field;
  }
}
