package dev.policymonitor.streams.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the web page shows about one tracked document, kept up to date from the topics by {@link QueryIndexer}.
 *
 * @param lastCheckedAt the latest evidence of a check: a capture, a version or a fetch error (unchanged
 *     checks publish nothing, so this can lag the fetcher's real last poll)
 * @param lastChangeAt captured-at of the newest change (any kind but extraction-failed)
 * @param lastVersionAt captured-at of the newest version
 * @param severityCounts changes seen per severity wire name
 * @param categoryCounts changes seen per category
 * @param lastError the latest fetch error, null when none was ever published
 * @param lastExtractionFailureAt captured-at of the latest extraction-failed event
 * @param language the newest version's language (BCP 47 primary tag); null when unknown
 * @param rendering how the newest version's page was rendered in a headless browser ({@code declared}, or
 *     {@code fallback}: the fetcher found the plain page to be a JavaScript shell); null for a plain fetch
 */
public record DocumentSummary(
    String key,
    String vendor,
    String document,
    String url,
    SnapshotSource source,
    Instant lastCheckedAt,
    Instant lastChangeAt,
    String lastChangeId,
    ChangeKind lastChangeKind,
    Severity lastChangeSeverity,
    Instant lastVersionAt,
    int versionCount,
    int changeCount,
    Map<String, Integer> severityCounts,
    Map<String, Integer> categoryCounts,
    FetchError lastError,
    Instant lastExtractionFailureAt,
    String lastExtractionFailure,
    String language,
    Rendering rendering) {

  public DocumentSummary {
    severityCounts = severityCounts == null ? Map.of() : Map.copyOf(severityCounts);
    categoryCounts = categoryCounts == null ? Map.of() : Map.copyOf(categoryCounts);
  }

  static DocumentSummary empty(String key, String vendor, String document) {
    return new DocumentSummary(key, vendor, document, null, null, null, null, null, null, null, null, 0, 0,
        Map.of(), Map.of(), null, null, null, null, null);
  }

  /**
   * {@code ok}; {@code failing} when the latest fetch error is newer than the latest version;
   * {@code extraction-failed} when the latest extraction failure is; {@code unknown} before any version.
   */
  @JsonProperty("health")
  public String health() {
    Instant good = lastVersionAt;
    if (lastError != null && (good == null || lastError.at().isAfter(good))) {
      return "failing";
    }
    if (lastExtractionFailureAt != null && (good == null || lastExtractionFailureAt.isAfter(good))) {
      return "extraction-failed";
    }
    return good == null ? "unknown" : "ok";
  }

  /** Whether at least one change at or above {@code min} was seen. */
  public boolean hasSeverityAtLeast(Severity min) {
    for (Map.Entry<String, Integer> e : severityCounts.entrySet()) {
      if (e.getValue() > 0 && Severity.fromWire(e.getKey()).atLeast(min)) {
        return true;
      }
    }
    return false;
  }

  static Map<String, Integer> increment(Map<String, Integer> counts, String name) {
    Map<String, Integer> copy = new TreeMap<>(counts);
    copy.merge(name, 1, Integer::sum);
    return copy;
  }
}
