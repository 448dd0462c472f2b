package dev.policymonitor.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The review of one change, as the compacted topic {@code policy-reviews} keeps it (key
 * {@code <vendor>/<document>/<changeId>}): the whole append-only trail of who did what and when, and what follows
 * from it. {@code state}, {@code assignee}, {@code updatedAt} and {@code updatedBy} are always computed from the
 * trail (the values a record carries for them are ignored), so a reader only ever needs the latest record of a key.
 *
 * @param key the document's wire key {@code <vendor>/<document>}
 * @param state the state of the last state event, else {@link ReviewState#NEW}
 * @param assignee the assignee of the last assignment event; null when nobody is assigned
 * @param updatedAt time of the last event; null for a change nobody reviewed yet
 * @param updatedBy who did the last event; null for a change nobody reviewed yet
 * @param trail every event, oldest first, numbered from 1
 */
public record Review(String changeId, String key, String vendor, String document, ReviewState state,
    String assignee, Instant updatedAt, String updatedBy, List<ReviewEvent> trail) {
  /** The most events one review keeps: a bound on the record's size (with {@link #MAX_NOTE_CHARS}). */
  public static final int MAX_TRAIL = 200;
  /** The longest note, in characters. */
  public static final int MAX_NOTE_CHARS = 2000;
  /** The longest assignee name, in characters. */
  public static final int MAX_ASSIGNEE_CHARS = 128;

  public Review {
    Objects.requireNonNull(changeId, "changeId");
    PolicyKey k = PolicyKey.parse(Objects.requireNonNull(key, "key"));
    vendor = k.vendor();
    document = k.document();
    List<ReviewEvent> numbered = new ArrayList<>();
    ReviewState last = ReviewState.NEW;
    String who = null;
    for (ReviewEvent e : trail == null ? List.<ReviewEvent>of() : trail) {
      numbered.add(e.numbered(numbered.size() + 1));
      if (e.type() == ReviewEvent.Type.STATE) {
        last = e.state();
      } else if (e.type() == ReviewEvent.Type.ASSIGNMENT) {
        who = e.assignee();
      }
    }
    trail = List.copyOf(numbered);
    state = last;
    assignee = who;
    updatedAt = trail.isEmpty() ? null : trail.get(trail.size() - 1).at();
    updatedBy = trail.isEmpty() ? null : trail.get(trail.size() - 1).by();
  }

  /** The review of a change nobody reviewed yet: state new, empty trail. */
  public static Review none(String documentKey, String changeId) {
    return new Review(changeId, documentKey, null, null, null, null, null, null, List.of());
  }

  /** The record key in {@code policy-reviews}: {@code <vendor>/<document>/<changeId>}. */
  public static String recordKey(String documentKey, String changeId) {
    return documentKey + "/" + changeId;
  }

  public String recordKey() {
    return recordKey(key, changeId);
  }

  /**
   * This review with {@code events} appended, in order.
   *
   * @throws IllegalStateException when the trail would hold more than {@link #MAX_TRAIL} events
   */
  public Review append(List<ReviewEvent> events) {
    if (trail.size() + events.size() > MAX_TRAIL) {
      throw new IllegalStateException("the review of change " + changeId + " already holds " + trail.size()
          + " events, and one review keeps at most " + MAX_TRAIL);
    }
    List<ReviewEvent> all = new ArrayList<>(trail);
    all.addAll(events);
    return new Review(changeId, key, vendor, document, state, assignee, updatedAt, updatedBy, all);
  }

  /** How many notes the trail holds. */
  public long notes() {
    return trail.stream().filter(e -> e.type() == ReviewEvent.Type.NOTE).count();
  }
}
