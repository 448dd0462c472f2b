package dev.policymonitor.streams.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A directory of captures named {@code <YYYYMMDDTHHMMSSZ>.<ext>} with a {@code manifest.json} in the shape of the
 * OTA demo corpus: {@code versions[]} ({@code snapshot_file}, {@code kind}, {@code text_change}) and {@code noise[]}
 * ({@code snapshot_file}). Each capture's expectation is its {@code text_change}, else its {@code kind}, or
 * {@code noise}; an optional {@code content_type} per capture is what the fetcher recorded, and an optional
 * {@code expected_flags} lists the flags among {@link #CHECKED_FLAGS} its event must carry (and no other of them).
 */
record LabelledHistory(Path dir, String service, String language, List<Capture> captures) {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** The flags a manifest's {@code expected_flags} speaks for. */
  static final List<String> CHECKED_FLAGS = List.of("undisclosed", "major-rewrite");

  /** One capture and what a monitor should report for it. */
  record Capture(Path file, Instant capturedAt, String expected, String contentType, List<String> expectedFlags) {
    String name() {
      return file.getFileName().toString();
    }
  }

  static LabelledHistory read(Path dir) {
    try {
      JsonNode m = Json.mapper().readTree(dir.resolve("manifest.json").toFile());
      List<Capture> captures = new ArrayList<>();
      for (JsonNode v : m.path("versions")) {
        captures.add(capture(dir, v, v.path("text_change").asText(v.path("kind").asText())));
      }
      for (JsonNode n : m.path("noise")) {
        captures.add(capture(dir, n, "noise"));
      }
      captures.sort(Comparator.comparing(Capture::capturedAt));
      return new LabelledHistory(dir, m.path("service").asText(dir.getFileName().toString()),
          m.path("language").asText(null), captures);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every labelled history directly under {@code group} (each sub-directory with a manifest), by name. */
  static List<LabelledHistory> under(Path group) {
    try (Stream<Path> dirs = Files.list(group)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().map(LabelledHistory::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Capture capture(Path dir, JsonNode entry, String expected) {
    Path file = dir.resolve(entry.get("snapshot_file").asText());
    String stamp = file.getFileName().toString().replaceAll("\\..*$", "");
    Instant at = LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC);
    List<String> flags = entry.has("expected_flags") ? new ArrayList<>() : null;
    entry.path("expected_flags").forEach(f -> flags.add(f.asText()));
    return new Capture(file, at, expected, entry.path("content_type").asText(contentType(file)), flags);
  }

  static String contentType(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".md")) {
      return "text/markdown";
    }
    if (n.endsWith(".txt")) {
      return "text/plain";
    }
    return "text/html";
  }
}
