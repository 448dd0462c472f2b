package dev.policymonitor.web;

import dev.policymonitor.model.SnapshotSource;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Links to the original capture of a version: the Wayback {@code id_} URL for Wayback captures, else the URL. */
public final class CaptureLinks {
  private static final DateTimeFormatter WAYBACK_TS =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private CaptureLinks() {}

  /** The link, or null when the URL is missing or not http(s) (never a {@code javascript:} link). */
  public static String original(String url, SnapshotSource source, Instant capturedAt) {
    if (url == null || !isHttp(url)) {
      return null;
    }
    if (source != SnapshotSource.WAYBACK || url.startsWith("https://web.archive.org/") || capturedAt == null) {
      return url;
    }
    return "https://web.archive.org/web/" + WAYBACK_TS.format(capturedAt) + "id_/" + url;
  }

  static boolean isHttp(String url) {
    try {
      String scheme = URI.create(url.trim()).getScheme();
      return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
