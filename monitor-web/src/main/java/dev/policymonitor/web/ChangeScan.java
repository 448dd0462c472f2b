package dev.policymonitor.web;

import dev.policymonitor.model.Change;
import dev.policymonitor.streams.query.QueryKeys;
import dev.policymonitor.streams.query.QueryViews;
import dev.policymonitor.streams.query.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the timelines of every document held on this instance (one vendor's, or all of them): the review queue and
 * the feeds are lists across documents. A scan reads every kept timeline entry (at most
 * {@link QueryViews#MAX_CHANGES_PER_DOCUMENT} per document), without the changes' sentences.
 */
public final class ChangeScan {
  /** Newest detection first (capture time when a change has no detection time): the order feeds want. */
  public static final Comparator<TimelineEntry> NEWEST_DETECTED_FIRST =
      Comparator.comparing(ChangeScan::detected).reversed().thenComparing(TimelineEntry::changeId);

  private final StoreAccess stores;

  public ChangeScan(StoreAccess stores) {
    this.stores = stores;
  }

  /** Every kept entry of the documents held here (of {@code vendor}'s only, when not null) that {@code test} keeps. */
  public List<TimelineEntry> entries(String vendor, Predicate<TimelineEntry> test) {
    List<TimelineEntry> matching = new ArrayList<>();
    ReadOnlyKeyValueStore<String, TimelineEntry> store = stores.store(QueryViews.HISTORY_STORE);
    try (KeyValueIterator<String, TimelineEntry> it = vendor == null ? store.all()
        : store.range(QueryKeys.prefix(vendor), QueryKeys.prefixEnd(QueryKeys.prefix(vendor)))) {
      it.forEachRemaining(kv -> {
        if (test.test(kv.value)) {
          matching.add(kv.value);
        }
      });
    }
    return matching;
  }

  /** The {@code limit} most recently detected changes that {@code test} keeps, newest first, with their sentences. */
  public List<Change> latest(String vendor, Predicate<TimelineEntry> test, int limit) {
    PriorityQueue<TimelineEntry> newest = new PriorityQueue<>(NEWEST_DETECTED_FIRST.reversed());
    for (TimelineEntry e : entries(vendor, test)) {
      newest.add(e);
      if (newest.size() > limit) {
        newest.poll();
      }
    }
    List<TimelineEntry> sorted = new ArrayList<>(newest);
    sorted.sort(NEWEST_DETECTED_FIRST);
    ReadOnlyKeyValueStore<String, Change> changes = stores.store(QueryViews.CHANGES_STORE);
    List<Change> out = new ArrayList<>();
    for (TimelineEntry e : sorted) {
      Change c = changes.get(e.changeId());
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  static Instant detected(TimelineEntry e) {
    return e.detectedAt() != null ? e.detectedAt() : e.capturedAt();
  }

  /** The same order for whole changes. */
  public static final Comparator<Change> NEWEST_CHANGE_FIRST = Comparator.comparing(
      (Change c) -> c.detectedAt() != null ? c.detectedAt() : c.capturedAt()).reversed()
      .thenComparing(Change::changeId);
}
