package dev.policymonitor.alerts;

import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.model.Change;

/**
 * A channel that delivers change alerts to people or systems.
 *
 * <p>{@link #deliver} either returns after the channel accepted the alert or throws; a sink never
 * swallows a failure, so the caller can retry or dead-letter the alert. A
 * {@link dev.policymonitor.alerts.delivery.PermanentDeliveryException} says a retry cannot help; a
 * {@link dev.policymonitor.alerts.delivery.RetryAfterException} says when to try again.
 */
public interface AlertSink {

  /** A short, stable, bounded name used in metrics and dedup state, e.g. {@code slack}. */
  String channel();

  void deliver(Change change) throws Exception;

  /** Delivers several changes as one message; by default one message per change. */
  default void deliverDigest(Digest digest) throws Exception {
    for (Change c : digest.changes()) {
      deliver(c);
    }
  }

  /** Whether deliveries are remembered so that a change is never sent twice on this channel. */
  default boolean deduplicated() {
    return true;
  }
}
