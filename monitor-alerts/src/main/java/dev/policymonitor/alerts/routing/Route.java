package dev.policymonitor.alerts.routing;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One routing rule: a change matches when every non-empty criterion holds. Empty vendors, documents or
 * categories mean any; categories match when the change has at least one of them. A change flagged
 * {@code ignored} (every sentence matched the document's ignore rules) matches no route: it is never alerted.
 */
public record Route(String channel, Set<String> vendors, Set<String> documents, Set<String> categories,
    Set<ChangeKind> kinds, Set<SnapshotSource> sources, Severity minSeverity) {

  /** Kinds a route takes when it names none: real text changes and broken extraction (the feeds' default too). */
  public static final Set<ChangeKind> DEFAULT_KINDS = ChangeKind.NOTIFIED_BY_DEFAULT;
  /** Sources a route takes when it names none: only live fetches page people, not backfills or imports. */
  public static final Set<SnapshotSource> DEFAULT_SOURCES = Set.of(SnapshotSource.LIVE);

  public Route {
    vendors = lower(vendors);
    documents = lower(documents);
    categories = lower(categories);
    kinds = kinds == null || kinds.isEmpty() ? DEFAULT_KINDS : Set.copyOf(kinds);
    sources = sources == null || sources.isEmpty() ? DEFAULT_SOURCES : Set.copyOf(sources);
    minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
  }

  /** The rule a channel follows when no rule names it. */
  public static Route defaultFor(String channel, Severity minSeverity) {
    return new Route(channel, Set.of(), Set.of(), Set.of(), DEFAULT_KINDS, DEFAULT_SOURCES, minSeverity);
  }

  public boolean matches(Change c) {
    if (c.hasFlag(ChangeFlag.IGNORED)) {
      return false;
    }
    if (!kinds.contains(c.kind())) {
      return false;
    }
    SnapshotSource source = c.source() == null ? SnapshotSource.LIVE : c.source();
    if (!sources.contains(source)) {
      return false;
    }
    if (c.hasFlag(ChangeFlag.HISTORICAL) && !kinds.contains(ChangeKind.HISTORICAL)) {
      return false;
    }
    if (!c.severity().atLeast(minSeverity)) {
      return false;
    }
    if (!vendors.isEmpty() && (c.vendor() == null || !vendors.contains(c.vendor().toLowerCase(Locale.ROOT)))) {
      return false;
    }
    if (!documents.isEmpty()
        && (c.document() == null || !documents.contains(c.document().toLowerCase(Locale.ROOT)))) {
      return false;
    }
    return categories.isEmpty()
        || c.categories().stream().anyMatch(cat -> categories.contains(cat.toLowerCase(Locale.ROOT)));
  }

  private static Set<String> lower(Set<String> values) {
    return values == null ? Set.of()
        : values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
