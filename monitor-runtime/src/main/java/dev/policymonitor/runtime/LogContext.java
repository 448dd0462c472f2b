package dev.policymonitor.runtime;

import dev.policymonitor.model.PolicyKey;
import org.slf4j.MDC;

/**
 * Puts {@code vendor} and {@code document} in the logging MDC for the work on one document, so every log line
 * of that work carries them as structured fields (logfmt and JSON logs); restores the previous values on close.
 *
 * <pre>
 * try (LogContext ignored = LogContext.of(key)) {
 *   ... LOG.info("vendor={} document={} snapshot published", ...);
 * }
 * </pre>
 */
public final class LogContext implements AutoCloseable {
  public static final String VENDOR = "vendor";
  public static final String DOCUMENT = "document";

  private final String previousVendor;
  private final String previousDocument;

  private LogContext(String vendor, String document) {
    this.previousVendor = MDC.get(VENDOR);
    this.previousDocument = MDC.get(DOCUMENT);
    put(VENDOR, vendor);
    put(DOCUMENT, document);
  }

  public static LogContext of(String vendor, String document) {
    return new LogContext(vendor, document);
  }

  public static LogContext of(PolicyKey key) {
    return new LogContext(key.vendor(), key.document());
  }

  private static void put(String name, String value) {
    if (value == null) {
      MDC.remove(name);
    } else {
      MDC.put(name, value);
    }
  }

  @Override
  public void close() {
    put(VENDOR, previousVendor);
    put(DOCUMENT, previousDocument);
  }
}
