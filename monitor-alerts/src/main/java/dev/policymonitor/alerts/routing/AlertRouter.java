package dev.policymonitor.alerts.routing;

import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.alerts.delivery.Deliverer;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.ReviewState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what happens to each change on each channel: filtered by the routing rules, already delivered, queued for
 * a digest, delivered now, or dead-lettered; and when a digest is due. Plain Java on plain values: it reads an
 * {@link AlertState} and the clock's reading it is given, and returns {@link Decision}s for the service to carry
 * out; it sends, writes and waits for nothing.
 */
public final class AlertRouter {

  /** One channel as the router sees it. */
  public record Channel(ChannelPolicy policy, boolean deduplicated) {
    public String name() {
      return policy.channel();
    }
  }

  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final boolean publishCloudEvents;
  private final AlertState state;

  public AlertRouter(List<Channel> channels, boolean publishCloudEvents, AlertState state) {
    channels.forEach(c -> this.channels.put(c.name(), c));
    this.publishCloudEvents = publishCloudEvents;
    this.state = state;
  }

  /**
   * The decisions for one record of {@code policy-changes}: a CloudEvent, then one decision per channel in the
   * order the channels were given; nothing for a tombstone; {@link Decision.Unreadable} for a record that is not a
   * change.
   *
   * @param origin where the record was read ({@code topic-partition@offset}), for the log
   */
  public List<Decision> route(String origin, String value, Instant now) {
    if (value == null) {
      return List.of();
    }
    Change change;
    try {
      change = Json.mapper().readValue(value, Change.class);
    } catch (IOException e) {
      String error = "not a change: " + e.getMessage().replaceAll("\\s+", " ");
      return List.of(new Decision.Unreadable(origin, new DeadLetter(DeadLetter.UNREADABLE, error, 0, now, List.of(),
          null, null, null, value)));
    }
    List<Decision> decisions = new ArrayList<>();
    if (publishCloudEvents) {
      decisions.add(new Decision.Publish(change));
    }
    for (Channel channel : channels.values()) {
      decisions.add(route(channel, change, now));
    }
    return decisions;
  }

  private Decision route(Channel channel, Change change, Instant now) {
    String name = channel.name();
    if (!channel.policy().accepts(change)) {
      return new Decision.Filtered(name, change);
    }
    if (channel.deduplicated() && state.delivered(name, change.changeId())) {
      return new Decision.Duplicate(name, change);
    }
    DigestSchedule schedule = channel.policy().digest();
    if (schedule != DigestSchedule.NONE) {
      Instant start = schedule.windowStart(now);
      return new Decision.QueueForDigest(new DigestItem(name, schedule, start, schedule.windowEnd(start), change));
    }
    return new Decision.Deliver(name, change);
  }

  /** What follows an attempt to deliver one change: remember it, or dead-letter it. */
  public Decision afterDelivery(Decision.Deliver attempt, Deliverer.Result result, Instant now) {
    if (result.delivered()) {
      Channel channel = channels.get(attempt.channel());
      return new Decision.Delivered(attempt.channel(), List.of(attempt.change()),
          channel == null || channel.deduplicated(), now);
    }
    return new Decision.DeadLettered(DeadLetter.ofChange(attempt.channel(), attempt.change(), result, now));
  }

  /**
   * The digests whose window has ended by {@code now}, oldest window first: each to send (only its changes not
   * delivered yet, each with its review state now), to discard (nothing left to send), or to dead-letter (its
   * channel is not configured any more).
   */
  public List<Decision> dueDigests(Instant now) {
    Map<String, List<DigestItem>> windows = new LinkedHashMap<>();
    for (DigestItem item : state.waitingForDigest()) {
      if (!item.windowEnd().isAfter(now)) {
        windows.computeIfAbsent(item.channel() + "\n" + item.windowStart(), k -> new ArrayList<>()).add(item);
      }
    }
    List<Digest> due = new ArrayList<>();
    for (List<DigestItem> items : windows.values()) {
      DigestItem first = items.get(0);
      due.add(new Digest(first.channel(), first.schedule(), first.windowStart(), first.windowEnd(),
          items.stream().map(DigestItem::change)
              .sorted(Comparator.comparing(Change::capturedAt, Comparator.nullsLast(Comparator.naturalOrder())))
              .toList()));
    }
    due.sort(Comparator.comparing(Digest::windowStart).thenComparing(Digest::channel));
    List<Decision> decisions = new ArrayList<>();
    for (Digest digest : due) {
      List<Change> fresh = digest.changes().stream()
          .filter(c -> !state.delivered(digest.channel(), c.changeId())).toList();
      if (fresh.isEmpty()) {
        decisions.add(new Decision.DiscardDigest(digest));
      } else if (!channels.containsKey(digest.channel())) {
        decisions.add(new Decision.DeadLettered(digestLetter(digest, fresh, new Deliverer.Result(false, 0,
            "channel " + digest.channel() + " is not configured any more"), now)));
        decisions.add(new Decision.DiscardDigest(digest));
      } else {
        Map<String, ReviewState> reviews = new LinkedHashMap<>();
        fresh.forEach(c -> reviews.put(c.changeId(), state.reviewState(c)));
        decisions.add(new Decision.SendDigest(digest, new Digest(digest.channel(), digest.schedule(),
            digest.windowStart(), digest.windowEnd(), fresh, reviews)));
      }
    }
    return decisions;
  }

  /** What follows an attempt to send a digest: remember its changes or dead-letter them; then discard it. */
  public List<Decision> afterDigest(Decision.SendDigest send, Deliverer.Result result, Instant now) {
    Digest fresh = send.fresh();
    Decision outcome = result.delivered()
        ? new Decision.Delivered(fresh.channel(), fresh.changes(), true, now)
        : new Decision.DeadLettered(digestLetter(send.due(), fresh.changes(), result, now));
    return List.of(outcome, new Decision.DiscardDigest(send.due()));
  }

  private static DeadLetter digestLetter(Digest digest, List<Change> changes, Deliverer.Result result, Instant now) {
    return new DeadLetter(digest.channel(), result.error(), result.attempts(), now, changes, digest.schedule(),
        digest.windowStart(), digest.windowEnd(), null);
  }
}
