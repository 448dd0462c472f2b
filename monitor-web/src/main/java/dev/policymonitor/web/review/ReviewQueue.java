package dev.policymonitor.web.review;

import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.streams.query.TimelineEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes in some review states, with how many changes are in each state: the answer of {@code GET /api/reviews}
 * (one page of {@code items}) and of each instance's share of it (every item).
 *
 * @param counts changes per review state (wire name; every state, whatever the request lists), of the asked kinds,
 *     vendor and document
 * @param total how many items match in all
 */
public record ReviewQueue(List<Item> items, int page, int size, long total, Map<String, Integer> counts) {
  /** Kinds the queue holds unless asked otherwise: every change but history and normalizer upgrades. */
  public static final Set<ChangeKind> DEFAULT_KINDS = EnumSet.complementOf(
      EnumSet.of(ChangeKind.HISTORICAL, ChangeKind.TECHNICAL_UPGRADE));
  /** States listed unless asked otherwise: those that still need review. */
  public static final List<ReviewState> OPEN_STATES = List.of(ReviewState.NEW, ReviewState.IN_REVIEW);
  /** Newest capture first, as in a document's timeline. */
  static final Comparator<Item> ORDER = Comparator.comparing((Item i) -> i.entry().capturedAt()).reversed()
      .thenComparing(i -> i.entry().changeId());

  public ReviewQueue {
    items = List.copyOf(items);
    Map<String, Integer> all = new LinkedHashMap<>();
    for (ReviewState s : ReviewState.values()) {
      all.put(s.wire(), counts == null ? 0 : counts.getOrDefault(s.wire(), 0));
    }
    counts = all;
  }

  /** One change with its review. */
  public record Item(TimelineEntry entry, ReviewSummary review) {}

  /** Every item of several instances' shares, merged: counts added up, items sorted and cut to one page. */
  static ReviewQueue merge(List<ReviewQueue> shares, int page, int size) {
    Map<String, Item> byId = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ReviewQueue share : shares) {
      share.items().forEach(i -> byId.putIfAbsent(i.entry().changeId(), i));
      share.counts().forEach((state, n) -> counts.merge(state, n, Integer::sum));
    }
    List<Item> all = new ArrayList<>(byId.values());
    all.sort(ORDER);
    int from = (int) Math.min((long) page * size, all.size());
    int to = Math.min(from + size, all.size());
    return new ReviewQueue(all.subList(from, to), page, size, all.size(), counts);
  }
}
