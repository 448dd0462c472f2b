package dev.policymonitor.alerts;

import dev.policymonitor.model.Change;

/**
 * A channel that delivers change alerts to people or systems.
 *
 * <p>{@link #deliver} either returns after the channel accepted the alert or throws; a sink never
 * swallows a failure, so the caller can retry or dead-letter the alert.
 */
public interface AlertSink {

  /** A short, stable, bounded name used in metrics and dedup state, e.g. {@code slack}. */
  String channel();

  void deliver(Change change) throws Exception;
}
