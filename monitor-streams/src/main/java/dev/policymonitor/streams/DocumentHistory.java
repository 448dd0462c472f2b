package dev.policymonitor.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The bounded, captured-at ordered history of one document's versions (oldest first), kept in
 * {@link PolicyTopology#HISTORY_STORE}; also remembers the last snapshot that failed extraction so the same
 * broken bytes are reported once, and a much shorter text waiting to be confirmed as a rewrite.
 *
 * @param pending a readable text that shrank by more than the shrink ratio, not yet accepted; null when none
 *     (histories written before baseline recovery have none)
 */
public record DocumentHistory(List<VersionEntry> versions, String lastFailedDigest, PendingShape pending) {
  public static final DocumentHistory EMPTY = new DocumentHistory(List.of(), null, null);

  public DocumentHistory {
    versions = versions == null ? List.of() : versions.stream()
        .sorted(Comparator.comparing(VersionEntry::capturedAt)).toList();
  }

  public DocumentHistory(List<VersionEntry> versions, String lastFailedDigest) {
    this(versions, lastFailedDigest, null);
  }

  public Optional<VersionEntry> latest() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** The last version captured strictly before {@code at}. */
  Optional<VersionEntry> before(Instant at) {
    VersionEntry found = null;
    for (VersionEntry e : versions) {
      if (e.capturedAt().isBefore(at)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The first version captured strictly after {@code at}. */
  Optional<VersionEntry> after(Instant at) {
    return versions.stream().filter(e -> e.capturedAt().isAfter(at)).findFirst();
  }

  Optional<VersionEntry> bySnapshotDigest(String digest) {
    return versions.stream().filter(e -> digest.equals(e.snapshotDigest())).reduce((a, b) -> b);
  }

  /**
   * This history with {@code entry} inserted in time order, keeping only the newest {@code limit} versions; the
   * pending shape stays (a late historical capture says nothing about it).
   */
  DocumentHistory with(VersionEntry entry, int limit) {
    List<VersionEntry> all = new ArrayList<>(versions);
    all.add(entry);
    all.sort(Comparator.comparing(VersionEntry::capturedAt));
    List<VersionEntry> kept = all.size() <= limit ? all : all.subList(all.size() - limit, all.size());
    return new DocumentHistory(kept, null, pending);
  }

  DocumentHistory replacing(VersionEntry old, VersionEntry updated) {
    List<VersionEntry> all = new ArrayList<>(versions);
    all.replaceAll(e -> e.equals(old) ? updated : e);
    return new DocumentHistory(all, lastFailedDigest, pending);
  }

  DocumentHistory withFailed(String digest) {
    return new DocumentHistory(versions, digest, pending);
  }

  /** This history waiting for {@code shape} (null: for nothing). */
  DocumentHistory withPending(PendingShape shape) {
    return new DocumentHistory(versions, lastFailedDigest, shape);
  }

  /** True when a kept version or the pending shape has this text. */
  boolean referencesText(String textDigest) {
    return versions.stream().anyMatch(e -> e.textDigest().equals(textDigest))
        || pending != null && pending.textDigest().equals(textDigest);
  }

  /** Text digests of the kept versions and of the pending shape. */
  java.util.Set<String> textDigests() {
    java.util.Set<String> all = new java.util.HashSet<>();
    versions.forEach(e -> all.add(e.textDigest()));
    if (pending != null) {
      all.add(pending.textDigest());
    }
    return all;
  }
}
