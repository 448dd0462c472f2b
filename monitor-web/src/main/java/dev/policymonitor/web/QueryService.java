package dev.policymonitor.web;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.Version;
import dev.policymonitor.streams.query.DocumentSummary;
import dev.policymonitor.streams.query.QueryKeys;
import dev.policymonitor.streams.query.QueryViews;
import dev.policymonitor.streams.query.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the query stores of {@link QueryViews} on this instance only (routing is {@link ApiHandler}'s job). */
public final class QueryService {
  private final StoreAccess stores;

  public QueryService(StoreAccess stores) {
    this.stores = stores;
  }

  /** Every document held here, sorted by vendor then document. */
  public List<DocumentSummary> documents() {
    List<DocumentSummary> all = new ArrayList<>();
    ReadOnlyKeyValueStore<String, DocumentSummary> store = stores.store(QueryViews.DOCUMENTS_STORE);
    try (KeyValueIterator<String, DocumentSummary> it = store.all()) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    all.sort(Comparator.comparing(DocumentSummary::vendor).thenComparing(DocumentSummary::document));
    return all;
  }

  public Optional<DocumentSummary> document(String documentKey) {
    return Optional.ofNullable(stores.<DocumentSummary>store(QueryViews.DOCUMENTS_STORE).get(documentKey));
  }

  /** A document's changes, newest captured-at first, filtered, one page. */
  public Page<TimelineEntry> timeline(String documentKey, QueryFilter filter, int page, int size) {
    List<TimelineEntry> matching = new ArrayList<>();
    String prefix = QueryKeys.prefix(documentKey);
    ReadOnlyKeyValueStore<String, TimelineEntry> store = stores.store(QueryViews.HISTORY_STORE);
    try (KeyValueIterator<String, TimelineEntry> it = store.range(prefix, QueryKeys.prefixEnd(prefix))) {
      it.forEachRemaining(kv -> {
        if (filter.matches(kv.value)) {
          matching.add(kv.value);
        }
      });
    }
    return Page.of(matching, page, size);
  }

  public Optional<Change> change(String changeId) {
    return Optional.ofNullable(stores.<Change>store(QueryViews.CHANGES_STORE).get(changeId));
  }

  /** A document's kept versions, newest first, without their text. */
  public List<VersionInfo> versions(String documentKey) {
    List<VersionInfo> all = new ArrayList<>();
    String prefix = QueryKeys.prefix(documentKey);
    ReadOnlyKeyValueStore<String, Version> store = stores.store(QueryViews.VERSIONS_STORE);
    try (KeyValueIterator<String, Version> it = store.range(prefix, QueryKeys.prefixEnd(prefix))) {
      it.forEachRemaining(kv -> all.add(VersionInfo.of(kv.value)));
    }
    return all;
  }

  public Optional<Version> version(String documentKey, Instant capturedAt) {
    if (capturedAt == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        stores.<Version>store(QueryViews.VERSIONS_STORE).get(QueryKeys.version(documentKey, capturedAt)));
  }
}
