package dev.policymonitor.streams.query;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeCounts;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.time.Instant;
import java.util.List;

/** One line of a document's change timeline: a {@link Change} without its sentences. */
public record TimelineEntry(
    String changeId,
    String key,
    ChangeKind kind,
    Instant capturedAt,
    Instant previousCapturedAt,
    Severity severity,
    List<String> categories,
    List<ChangeFlag> flags,
    ChangeCounts counts,
    SnapshotSource source,
    Instant detectedAt) {

  public TimelineEntry {
    categories = categories == null ? List.of() : List.copyOf(categories);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  static TimelineEntry of(Change c) {
    return new TimelineEntry(c.changeId(), c.key(), c.kind(), c.capturedAt(), c.previousCapturedAt(),
        c.severity(), c.categories(), c.flags(), c.counts(), c.source(), c.detectedAt());
  }
}
