package dev.policymonitor.app;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Snapshot files on disk: capture time from a {@code <YYYYMMDDTHHMMSSZ>.<ext>} name, content type from the extension. */
final class SnapshotFiles {
  private static final Pattern NAME = Pattern.compile("^(\\d{8}T\\d{6}Z)\\.([A-Za-z0-9]+)$");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private SnapshotFiles() {}

  /** The UTC capture time named by the file, when the name has the form {@code 20240131T120000Z.html}. */
  static Optional<Instant> capturedAt(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The content type of a file by its extension; null lets the normalizer sniff. */
  static String contentType(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".html") || n.endsWith(".htm")) return "text/html";
    if (n.endsWith(".xhtml")) return "application/xhtml+xml";
    if (n.endsWith(".md") || n.endsWith(".markdown")) return "text/markdown";
    if (n.endsWith(".txt")) return "text/plain";
    if (n.endsWith(".pdf")) return "application/pdf";
    return null;
  }
}
