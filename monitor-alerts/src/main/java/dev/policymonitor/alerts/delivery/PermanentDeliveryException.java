package dev.policymonitor.alerts.delivery;

/** A delivery failure no retry can fix (rejected payload, bad address, wrong credentials). */
public final class PermanentDeliveryException extends Exception {
  public PermanentDeliveryException(String message) {
    super(message);
  }

  public PermanentDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
