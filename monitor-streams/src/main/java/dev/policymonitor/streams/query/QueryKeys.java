package dev.policymonitor.streams.query;

import java.time.Instant;

/**
 * Keys of the query stores. Every key starts with the document's {@code vendor/document} wire key and a
 * {@code /}, so a prefix scan lists one document, and newest-first order comes from an inverted,
 * zero-padded captured-at: {@code vendor/document/<Long.MAX_VALUE - epochMillis>[/changeId]}.
 */
public final class QueryKeys {
  private QueryKeys() {}

  /** The prefix shared by every history or version key of one document. */
  public static String prefix(String documentKey) {
    return documentKey + "/";
  }

  /** Sorts newest first: later instants give smaller strings. */
  public static String inverted(Instant t) {
    return String.format("%019d", Long.MAX_VALUE - t.toEpochMilli());
  }

  public static String history(String documentKey, Instant capturedAt, String changeId) {
    return prefix(documentKey) + inverted(capturedAt) + "/" + changeId;
  }

  public static String version(String documentKey, Instant capturedAt) {
    return prefix(documentKey) + inverted(capturedAt);
  }

  /** The upper bound of a range over one prefix (every key character sorts below it). */
  public static String prefixEnd(String prefix) {
    return prefix + '\uffff';
  }
}
