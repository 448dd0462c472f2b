package dev.policymonitor.streams.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of captures named {@code <YYYYMMDDTHHMMSSZ>.<ext>} with a {@code manifest.json} in the shape of the
 * OTA demo corpus: {@code versions[]} ({@code snapshot_file}, {@code kind}, {@code text_change}) and {@code noise[]}
 * ({@code snapshot_file}). Each capture's expectation is its {@code text_change}, else its {@code kind}, or
 * {@code noise}; an optional {@code content_type} per capture is what the fetcher recorded, and an optional
 * {@code expected_flags} lists the flags among {@link #CHECKED_FLAGS} its event must carry (and no other of them).
 * Read by the tests that replay labelled histories, and meant for {@code policy-monitor evaluate DIR}.
 */
public record LabelledHistory(Path dir, String service, String language, List<Capture> captures) {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** The flags a manifest's {@code expected_flags} speaks for. */
  public static final List<String> CHECKED_FLAGS = List.of("undisclosed", "major-rewrite");

  /** One capture and what a monitor should report for it. */
  public record Capture(Path file, Instant capturedAt, String expected, String contentType,
      List<String> expectedFlags) {
    public String name() {
      return file.getFileName().toString();
    }

    /** The charset named by {@link #contentType} ({@code text/html; charset=UTF-8}), or null. */
    public String charset() {
      return contentType.contains("charset=") ? contentType.replaceAll(".*charset=\\s*([^;\\s]+).*", "$1") : null;
    }

    /** {@link #contentType} without parameters. */
    public String mediaType() {
      return contentType.split(";")[0].trim();
    }

    /**
     * True when {@code changes} (the events of this capture, in order) are what the label asks for:
     * first-capture gives {@code first}; substantive gives exactly one {@code changed}; cosmetic and reextract give
     * no {@code changed} and no {@code extraction-failed}; date-only (a date edit, which may or may not be the stated
     * date) gives no {@code extraction-failed}; noise gives nothing; and the last event
     * carries exactly the {@link #expectedFlags} among {@link #CHECKED_FLAGS} when they are listed. The events are
     * first {@link #resolved}.
     */
    public boolean satisfiedBy(List<Change> changes) {
      List<Change> verdict = resolved(changes);
      return kindsOk(expected, verdict.stream().map(Change::kind).toList()) && flagsOk(expectedFlags, verdict);
    }
  }

  /**
   * The events that stand for one capture: an {@code extraction-failed} event followed by a {@code major-rewrite}
   * change of the same capture was provisional (the monitor could not know yet that the new shape would persist; a
   * later capture confirmed it and the rewrite is dated at this capture), so it is left out.
   */
  public static List<Change> resolved(List<Change> changes) {
    int rewrite = -1;
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).hasFlag(ChangeFlag.MAJOR_REWRITE)) {
        rewrite = i;
      }
    }
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      if (i >= rewrite || changes.get(i).kind() != ChangeKind.EXTRACTION_FAILED) {
        out.add(changes.get(i));
      }
    }
    return out;
  }

  static boolean kindsOk(String expected, List<ChangeKind> kinds) {
    return switch (expected) {
      case "first-capture", "first" -> kinds.equals(List.of(ChangeKind.FIRST));
      case "substantive", "change" -> kinds.equals(List.of(ChangeKind.CHANGED));
      case "cosmetic", "reextract" ->
          !kinds.contains(ChangeKind.CHANGED) && !kinds.contains(ChangeKind.EXTRACTION_FAILED);
      // The OTA demo manifests: "only a date changed (`cosmetic` or `changed` are both acceptable)".
      case "date-only" -> !kinds.contains(ChangeKind.EXTRACTION_FAILED);
      case "noise" -> kinds.isEmpty();
      default -> throw new InvalidConfigException("unknown label '" + expected + "' in a manifest");
    };
  }

  static boolean flagsOk(List<String> expected, List<Change> changes) {
    if (expected == null) {
      return true;
    }
    List<String> flags = changes.isEmpty() ? List.of() : changes.get(changes.size() - 1).flags().stream()
        .map(ChangeFlag::wire).filter(CHECKED_FLAGS::contains).sorted().toList();
    return flags.equals(expected.stream().sorted().toList());
  }

  /** The history in {@code dir} (a folder with a {@code manifest.json}); a missing or bad manifest is an error. */
  public static LabelledHistory read(Path dir) {
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      throw new InvalidConfigException("no manifest.json in " + dir);
    }
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
      throw new InvalidConfigException(dir.resolve("manifest.json") + ": " + e.getMessage());
    }
  }

  /** Every labelled history directly under {@code group} (each sub-directory with a manifest), by name. */
  public static List<LabelledHistory> under(Path group) {
    try (Stream<Path> dirs = Files.list(group)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().map(LabelledHistory::read)
          .toList();
    } catch (IOException e) {
      throw new InvalidConfigException("cannot list " + group + ": " + e.getMessage());
    }
  }

  /**
   * Every labelled history in {@code dir} by its path relative to {@code dir} ({@code languages/fr-cityscoot}):
   * {@code dir} itself when it has a manifest (named by its folder), else each folder below it that has one, at
   * any depth, in path order. A folder without any is an error.
   */
  public static Map<String, LabelledHistory> all(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidConfigException("not a directory: " + dir);
    }
    Map<String, LabelledHistory> found = new LinkedHashMap<>();
    if (Files.isRegularFile(dir.resolve("manifest.json"))) {
      Path name = dir.toAbsolutePath().normalize().getFileName();
      found.put(name == null ? "history" : name.toString(), read(dir));
      return found;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> folders = files.filter(f -> f.getFileName().toString().equals("manifest.json"))
          .filter(Files::isRegularFile).map(Path::getParent).sorted().toList();
      for (Path folder : folders) {
        found.put(dir.relativize(folder).toString().replace('\\', '/'), read(folder));
      }
    } catch (IOException e) {
      throw new InvalidConfigException("cannot list " + dir + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new InvalidConfigException("no labelled history (a folder with a manifest.json) in " + dir);
    }
    return found;
  }

  private static Capture capture(Path dir, JsonNode entry, String expected) {
    if (!entry.hasNonNull("snapshot_file")) {
      throw new InvalidConfigException(dir.resolve("manifest.json") + ": an entry without snapshot_file");
    }
    Path file = dir.resolve(entry.get("snapshot_file").asText());
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(dir.resolve("manifest.json") + ": lists " + entry.get("snapshot_file").asText()
          + ", which is not there");
    }
    String stamp = file.getFileName().toString().replaceAll("\\..*$", "");
    Instant at = LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC);
    List<String> flags = entry.has("expected_flags") ? new ArrayList<>() : null;
    entry.path("expected_flags").forEach(f -> flags.add(f.asText()));
    return new Capture(file, at, expected, entry.path("content_type").asText(contentType(file)), flags);
  }

  /** The content type a capture file's extension suggests (Markdown, plain text, else HTML). */
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
