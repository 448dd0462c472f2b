package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.DeadLetterQueue;
import dev.policymonitor.alerts.delivery.DeliveryLog;
import dev.policymonitor.alerts.digest.DigestStore;
import dev.policymonitor.alerts.digest.ReviewStates;
import dev.policymonitor.model.Review;
import dev.policymonitor.runtime.TopicTable;
import dev.policymonitor.runtime.TopicTable.Rows;

/** The alerts' stores held in memory only: the executor and the housekeeping tested without a broker. */
final class MemoryStores {
  private MemoryStores() {}

  static AlertStores create() {
    return create(TopicTable.inMemory(AlertsTopics.defaults().reviewsTopic(), Rows.BY_KEY));
  }

  /** Stores whose reviews are {@code reviews} (a test writes them there, as the web service would). */
  static AlertStores create(TopicTable<String, Review> reviews) {
    AlertsTopics topics = AlertsTopics.defaults();
    return new AlertStores(new DeliveryLog(TopicTable.inMemory(topics.deliveredTopic(), Rows.BY_KEY)),
        new DigestStore(TopicTable.inMemory(topics.digestTopic(), Rows.BY_KEY)),
        new DeadLetterQueue(TopicTable.inMemory(topics.deadLetterTopic(), Rows.BY_RECORD)), new ReviewStates(reviews));
  }
}
