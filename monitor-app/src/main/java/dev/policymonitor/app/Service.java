package dev.policymonitor.app;

/** The three services of the pipeline. */
enum Service {
  FETCHER, STREAMS, ALERTS
}
