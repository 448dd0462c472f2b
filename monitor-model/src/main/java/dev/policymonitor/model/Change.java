package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A difference between two versions of one document.
 *
 * @param changeId stable id: the same pair of versions always gives the same id
 * @param key wire form of the {@link PolicyKey}
 * @param previousCapturedAt captured-at of the previous version, null for {@link ChangeKind#FIRST}
 * @param previousDigest text digest of the previous version, null for {@link ChangeKind#FIRST}
 * @param digest text digest of the new version
 * @param added sentences only in the new version
 * @param removed sentences only in the previous version
 * @param modified sentences edited between the two versions
 * @param moved sentences or blocks that only changed place
 * @param categories privacy-practice categories of the changed sentences
 * @param reasons why the severity is what it is, in words
 * @param flags extra facts, such as {@link ChangeFlag#UNDISCLOSED} (no "last updated" change) or
 *     {@link ChangeFlag#HISTORICAL}; lower-case strings on the wire
 * @param url the URL of the new version's snapshot (a Wayback URL for Wayback captures)
 * @param detectedAt when the topology produced this change
 * @param language the new version's language (BCP 47 primary tag such as {@code fr}); null (absent on the wire) when
 *     unknown
 * @param rewrite old and new size of a {@link ChangeFlag#MAJOR_REWRITE}; null (absent on the wire) for every other
 *     change
 */
public record Change(
    String changeId,
    String key,
    String vendor,
    String document,
    ChangeKind kind,
    Instant previousCapturedAt,
    Instant capturedAt,
    String previousDigest,
    String digest,
    List<String> added,
    List<String> removed,
    List<Modification> modified,
    List<String> moved,
    ChangeCounts counts,
    Severity severity,
    List<String> categories,
    List<String> reasons,
    List<ChangeFlag> flags,
    String url,
    SnapshotSource source,
    Instant detectedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String language,
    @JsonInclude(JsonInclude.Include.NON_NULL) Rewrite rewrite) {

  public Change {
    Objects.requireNonNull(changeId, "changeId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(capturedAt, "capturedAt");
    added = added == null ? List.of() : List.copyOf(added);
    removed = removed == null ? List.of() : List.copyOf(removed);
    modified = modified == null ? List.of() : List.copyOf(modified);
    moved = moved == null ? List.of() : List.copyOf(moved);
    counts = counts == null ? new ChangeCounts(added.size(), removed.size(), modified.size(), moved.size()) : counts;
    severity = severity == null ? Severity.LOW : severity;
    categories = categories == null ? List.of() : List.copyOf(categories);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** A change whose language is not known and that is not a major rewrite. */
  public Change(String changeId, String key, String vendor, String document, ChangeKind kind,
      Instant previousCapturedAt, Instant capturedAt, String previousDigest, String digest, List<String> added,
      List<String> removed, List<Modification> modified, List<String> moved, ChangeCounts counts, Severity severity,
      List<String> categories, List<String> reasons, List<ChangeFlag> flags, String url, SnapshotSource source,
      Instant detectedAt) {
    this(changeId, key, vendor, document, kind, previousCapturedAt, capturedAt, previousDigest, digest, added, removed,
        modified, moved, counts, severity, categories, reasons, flags, url, source, detectedAt, null, null);
  }

  /** The id of the change between two text digests of one document: stable across replays and restarts. */
  public static String idFor(String key, String previousDigest, String digest, Instant capturedAt) {
    return Digests.sha1Base32(key + "\n" + previousDigest + "\n" + digest + "\n" + capturedAt).substring(0, 20)
        .toLowerCase(java.util.Locale.ROOT);
  }

  @JsonIgnore
  public PolicyKey policyKey() {
    return PolicyKey.parse(key);
  }

  public boolean hasFlag(ChangeFlag flag) {
    return flags.contains(flag);
  }

  /**
   * The web page's path of this change, relative to its root: {@code #/changes/<vendor>/<document>/<changeId>}.
   * Alerts link to it and the page serves it.
   */
  public String permalink() {
    return "#/changes/" + key + "/" + changeId;
  }
}
