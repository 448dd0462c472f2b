package dev.policymonitor.fetcher.wayback;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One CDX line: a capture of {@code original} at {@code timestamp} (yyyyMMddHHmmss, UTC). */
public record CdxRow(String timestamp, String original, String statuscode, String mimetype, String digest,
    String length) {
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  /** The capture time: the event time of the snapshot. */
  public Instant capturedAt() {
    return LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC);
  }
}
