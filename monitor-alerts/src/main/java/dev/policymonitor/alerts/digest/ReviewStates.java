package dev.policymonitor.alerts.digest;

import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Duration;

/**
 * The review state of every change, from the compacted topic {@code policy-reviews} (written by the web service)
 * read as a table: digests show where each of their changes stands when they go out. Read only; caught up before
 * each round of due digests, never on the path of a single change.
 */
public final class ReviewStates implements AutoCloseable {
  private final TopicTable<String, Review> table;

  public ReviewStates(TopicTable<String, Review> table) {
    this.table = table;
  }

  public static ReviewStates open(KafkaClients clients, AlertsTopics topics) {
    return new ReviewStates(TopicTable.open(clients, topics.reviewsTopic(), TopicTable.Rows.BY_KEY, null));
  }

  /** Reads the reviews written so far. */
  public void catchUp(Duration timeout) {
    table.catchUp(timeout);
  }

  /** {@link ReviewState#NEW} unless someone reviewed the change. */
  public ReviewState of(Change change) {
    return table.get(Review.recordKey(change.key(), change.changeId())).map(Review::state).orElse(ReviewState.NEW);
  }

  @Override
  public void close() {
    table.close();
  }
}
