package dev.policymonitor.streams.query;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Version;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds changes, versions and fetch errors into the query stores of {@link QueryViews}. Idempotent: a change or
 * version seen again (a replay, a re-delivery) overwrites its entry without counting twice.
 */
final class QueryIndexer implements Processor<String, Object, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(QueryIndexer.class);

  private KeyValueStore<String, DocumentSummary> documents;
  private KeyValueStore<String, Change> changes;
  private KeyValueStore<String, TimelineEntry> history;
  private KeyValueStore<String, Version> versions;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    documents = context.getStateStore(QueryViews.DOCUMENTS_STORE);
    changes = context.getStateStore(QueryViews.CHANGES_STORE);
    history = context.getStateStore(QueryViews.HISTORY_STORE);
    versions = context.getStateStore(QueryViews.VERSIONS_STORE);
  }

  @Override
  public void process(Record<String, Object> record) {
    Object value = record.value();
    try {
      if (value instanceof Change c) {
        onChange(c);
      } else if (value instanceof Version v) {
        onVersion(v);
      } else if (value instanceof FetchError e) {
        onFetchError(e);
      }
    } catch (IllegalArgumentException e) {
      String key = String.valueOf(record.key());
      int slash = key.indexOf('/');
      LOG.warn("vendor={} document={} query views skip a record they cannot index: {}",
          slash < 0 ? key : key.substring(0, slash), slash < 0 ? "" : key.substring(slash + 1), e.getMessage());
    }
  }

  private void onChange(Change c) {
    PolicyKey key = PolicyKey.parse(c.key());
    boolean seen = changes.get(c.changeId()) != null;
    changes.put(c.changeId(), c);
    history.put(QueryKeys.history(c.key(), c.capturedAt(), c.changeId()), TimelineEntry.of(c));
    DocumentSummary s = summary(key);
    boolean failure = c.kind() == ChangeKind.EXTRACTION_FAILED;
    boolean newest = !failure && (s.lastChangeAt() == null || !c.capturedAt().isBefore(s.lastChangeAt()));
    int count = s.changeCount() + (seen ? 0 : 1);
    var severities = s.severityCounts();
    var categories = s.categoryCounts();
    if (!seen && !failure) {
      severities = DocumentSummary.increment(severities, c.severity().wire());
      for (String category : c.categories()) {
        categories = DocumentSummary.increment(categories, category);
      }
    }
    documents.put(c.key(), new DocumentSummary(c.key(), key.vendor(), key.document(),
        c.url() != null ? c.url() : s.url(), c.source() != null ? c.source() : s.source(),
        max(s.lastCheckedAt(), c.capturedAt()),
        newest ? c.capturedAt() : s.lastChangeAt(), newest ? c.changeId() : s.lastChangeId(),
        newest ? c.kind() : s.lastChangeKind(), newest ? c.severity() : s.lastChangeSeverity(),
        s.lastVersionAt(), s.versionCount(), count, severities, categories, s.lastError(),
        failure ? max(s.lastExtractionFailureAt(), c.capturedAt()) : s.lastExtractionFailureAt(),
        failure && c.capturedAt().equals(max(s.lastExtractionFailureAt(), c.capturedAt()))
            ? String.join("; ", c.reasons()) : s.lastExtractionFailure(), s.language(), s.rendering()));
    if (count > QueryViews.MAX_CHANGES_PER_DOCUMENT) {
      evictOldestChange(c.key());
    }
  }

  private void onVersion(Version v) {
    PolicyKey key = PolicyKey.parse(v.key());
    String versionKey = QueryKeys.version(v.key(), v.capturedAt());
    boolean seen = versions.get(versionKey) != null;
    versions.put(versionKey, v);
    DocumentSummary s = summary(key);
    boolean newest = s.lastVersionAt() == null || !v.capturedAt().isBefore(s.lastVersionAt());
    int count = s.versionCount() + (seen ? 0 : 1);
    documents.put(v.key(), new DocumentSummary(s.key(), s.vendor(), s.document(),
        s.url() != null ? s.url() : v.url(), s.source() != null ? s.source() : v.source(),
        max(s.lastCheckedAt(), v.capturedAt()), s.lastChangeAt(), s.lastChangeId(), s.lastChangeKind(),
        s.lastChangeSeverity(), max(s.lastVersionAt(), v.capturedAt()), Math.min(count,
            QueryViews.MAX_VERSIONS_PER_DOCUMENT), s.changeCount(), s.severityCounts(), s.categoryCounts(),
        s.lastError(), s.lastExtractionFailureAt(), s.lastExtractionFailure(),
        newest && v.language() != null ? v.language() : s.language(), newest ? v.rendered() : s.rendering()));
    if (count > QueryViews.MAX_VERSIONS_PER_DOCUMENT) {
      String oldest = oldestKey(versions, v.key());
      if (oldest != null) {
        versions.delete(oldest);
      }
    }
  }

  private void onFetchError(FetchError e) {
    PolicyKey key = new PolicyKey(e.vendor(), e.document());
    DocumentSummary s = summary(key);
    if (s.lastError() != null && s.lastError().at().isAfter(e.at())) {
      return;
    }
    documents.put(key.toString(), new DocumentSummary(s.key(), s.vendor(), s.document(),
        s.url() != null ? s.url() : e.url(), s.source(), max(s.lastCheckedAt(), e.at()), s.lastChangeAt(),
        s.lastChangeId(), s.lastChangeKind(), s.lastChangeSeverity(), s.lastVersionAt(), s.versionCount(),
        s.changeCount(), s.severityCounts(), s.categoryCounts(), e, s.lastExtractionFailureAt(),
        s.lastExtractionFailure(), s.language(), s.rendering()));
  }

  private void evictOldestChange(String documentKey) {
    String oldest = oldestKey(history, documentKey);
    if (oldest == null) {
      return;
    }
    TimelineEntry entry = history.delete(oldest);
    if (entry != null) {
      changes.delete(entry.changeId());
    }
    DocumentSummary s = documents.get(documentKey);
    documents.put(documentKey, new DocumentSummary(s.key(), s.vendor(), s.document(), s.url(), s.source(),
        s.lastCheckedAt(), s.lastChangeAt(), s.lastChangeId(), s.lastChangeKind(), s.lastChangeSeverity(),
        s.lastVersionAt(), s.versionCount(), s.changeCount() - 1, s.severityCounts(), s.categoryCounts(),
        s.lastError(), s.lastExtractionFailureAt(), s.lastExtractionFailure(), s.language(), s.rendering()));
  }

  /** The last key of a document's newest-first range: its oldest entry. */
  private static String oldestKey(KeyValueStore<String, ?> store, String documentKey) {
    String prefix = QueryKeys.prefix(documentKey);
    try (KeyValueIterator<String, ?> it = store.reverseRange(prefix, QueryKeys.prefixEnd(prefix))) {
      if (it.hasNext()) {
        KeyValue<String, ?> kv = it.next();
        return kv.key;
      }
    }
    return null;
  }

  private DocumentSummary summary(PolicyKey key) {
    DocumentSummary s = documents.get(key.toString());
    return s != null ? s : DocumentSummary.empty(key.toString(), key.vendor(), key.document());
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
