package dev.policymonitor.fetcher.wayback;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each document's backfill stands, in a small JSON file under the state directory, written after every
 * capture so that a restart continues instead of starting over.
 */
public final class BackfillProgress {
  /**
   * One document's progress.
   *
   * @param query the from/to the resume key belongs to; a different query starts listing afresh
   * @param resumeKey the CDX resume key of the next page to list, null when listing has not started or ended
   * @param lastTimestamp the newest capture handled (published, skipped or failed), null before the first
   * @param failed captures that could not be fetched; retried first on the next run
   */
  public record Document(String query, String resumeKey, String lastTimestamp, List<CdxRow> failed) {
    public Document {
      failed = failed == null ? List.of() : List.copyOf(failed);
    }
  }

  private static final TypeReference<TreeMap<String, Document>> TYPE = new TypeReference<>() {};
  private final Path file;
  private final TreeMap<String, Document> documents;

  private BackfillProgress(Path file, TreeMap<String, Document> documents) {
    this.file = file;
    this.documents = documents;
  }

  /** Progress kept in memory only (a backfill started by the fetcher itself, which has no state directory). */
  public static BackfillProgress inMemory() {
    return new BackfillProgress(null, new TreeMap<>());
  }

  public static BackfillProgress open(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        return new BackfillProgress(file, Json.mapper().readValue(file.toFile(), TYPE));
      }
      return new BackfillProgress(file, new TreeMap<>());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read backfill progress " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized Document get(String key) {
    return documents.get(key);
  }

  public synchronized void put(String key, Document d) {
    documents.put(key, d);
    save();
  }

  public synchronized Map<String, Document> all() {
    return Map.copyOf(documents);
  }

  /** A copy of {@code d} with {@code row} added to its failed captures. */
  public static Document withFailed(Document d, CdxRow row) {
    List<CdxRow> failed = new ArrayList<>(d.failed());
    failed.add(row);
    return new Document(d.query(), d.resumeKey(), d.lastTimestamp(), failed);
  }

  private void save() {
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), documents);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write backfill progress " + file + ": " + e.getMessage(), e);
    }
  }
}
