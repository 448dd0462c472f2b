package dev.policymonitor.alerts.delivery;

import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.Review;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import java.util.List;

/**
 * The topics the alerts service reads and writes ({@code reviews} it only reads); {@link #defaults()} in production,
 * unique names in tests.
 */
public record AlertsTopics(String changes, String changeEvents, String deadLetters, String delivered,
    String digest, String reviews) {

  public static AlertsTopics defaults() {
    return new AlertsTopics(Topics.CHANGES.name(), Topics.CHANGE_EVENTS.name(), Topics.ALERTS_DLQ.name(),
        Topics.ALERTS_DELIVERED.name(), Topics.ALERTS_DIGEST.name(), Topics.REVIEWS.name());
  }

  /** The same topics with {@code suffix} appended to each name, for tests. */
  public static AlertsTopics suffixed(String suffix) {
    AlertsTopics d = defaults();
    return new AlertsTopics(d.changes + suffix, d.changeEvents + suffix, d.deadLetters + suffix,
        d.delivered + suffix, d.digest + suffix, d.reviews + suffix);
  }

  /** The topics with their partition counts and configs, for the process (or a test) to create. */
  public List<Topic<?, ?>> definitions() {
    return List.of(renamed(Topics.CHANGES, changes), renamed(Topics.CHANGE_EVENTS, changeEvents),
        renamed(Topics.ALERTS_DLQ, deadLetters), renamed(Topics.ALERTS_DELIVERED, delivered),
        renamed(Topics.ALERTS_DIGEST, digest), renamed(Topics.REVIEWS, reviews));
  }

  /** {@code policy-reviews}, read (never written) for the review state digests show. */
  public Topic<String, Review> reviewsTopic() {
    return renamed(Topics.REVIEWS, reviews);
  }

  /** {@code policy-alerts-delivered}: markers keyed {@code <channel>/<changeId>}, their JSON kept as text. */
  public Topic<String, String> deliveredTopic() {
    return renamed(Topics.ALERTS_DELIVERED, delivered);
  }

  /** {@code policy-alerts-dlq}, read as {@link DeadLetter}s. */
  public Topic<String, DeadLetter> deadLetterTopic() {
    return new Topic<>(deadLetters, Topics.KEY_SERDE, new JsonSerde<>(DeadLetter.class), Topics.ALERTS_DLQ.partitions(),
        Topics.ALERTS_DLQ.configs(), Topics.ALERTS_DLQ.key());
  }

  /** {@code policy-alerts-digest}, read as {@link DigestItem}s. */
  public Topic<String, DigestItem> digestTopic() {
    return new Topic<>(digest, Topics.KEY_SERDE, new JsonSerde<>(DigestItem.class), Topics.ALERTS_DIGEST.partitions(),
        Topics.ALERTS_DIGEST.configs(), Topics.ALERTS_DIGEST.key());
  }

  private static <K, V> Topic<K, V> renamed(Topic<K, V> t, String name) {
    return new Topic<>(name, t.keySerde(), t.valueSerde(), t.partitions(), t.configs(), t.key());
  }
}
