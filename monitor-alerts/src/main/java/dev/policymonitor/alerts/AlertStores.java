package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.delivery.DeadLetterQueue;
import dev.policymonitor.alerts.delivery.DeliveryLog;
import dev.policymonitor.alerts.digest.DigestItem;
import dev.policymonitor.alerts.digest.DigestStore;
import dev.policymonitor.alerts.digest.ReviewStates;
import dev.policymonitor.alerts.routing.AlertState;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ReviewState;
import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * The alerts' durable state, each part a topic read as a table: delivery markers, changes waiting for a digest, dead
 * letters, and (read only) the reviews of changes. The router reads all but the dead letters through
 * {@link AlertState}.
 */
final class AlertStores implements AlertState, AutoCloseable {
  final DeliveryLog delivered;
  final DigestStore digests;
  final DeadLetterQueue deadLetters;
  final ReviewStates reviews;

  AlertStores(DeliveryLog delivered, DigestStore digests, DeadLetterQueue deadLetters, ReviewStates reviews) {
    this.delivered = delivered;
    this.digests = digests;
    this.deadLetters = deadLetters;
    this.reviews = reviews;
  }

  static AlertStores open(KafkaClients clients, AlertsTopics topics, Producer<byte[], byte[]> producer) {
    return new AlertStores(DeliveryLog.open(clients, topics, producer), DigestStore.open(clients, topics, producer),
        DeadLetterQueue.open(clients, topics, producer), ReviewStates.open(clients, topics));
  }

  /** Reads what every instance wrote so far. */
  void catchUp(Duration timeout) {
    delivered.catchUp(timeout);
    digests.catchUp(timeout);
    deadLetters.catchUp(timeout);
    reviews.catchUp(timeout);
  }

  /** Dead letters with a change not delivered yet: the backlog a redrive would send. */
  long pendingDeadLetters() {
    return deadLetters.pending(delivered);
  }

  @Override
  public boolean delivered(String channel, String changeId) {
    return delivered.contains(channel, changeId);
  }

  @Override
  public List<DigestItem> waitingForDigest() {
    return digests.items();
  }

  @Override
  public ReviewState reviewState(Change change) {
    return reviews.of(change);
  }

  @Override
  public void close() {
    delivered.close();
    digests.close();
    deadLetters.close();
    reviews.close();
  }
}
