package dev.policymonitor.web.review;

import dev.policymonitor.model.Review;
import dev.policymonitor.model.ReviewEvent;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.TopicTable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The reviews of every change, as the compacted topic {@code policy-reviews} holds them, read whole by every
 * instance of the web service ({@link TopicTable}): any instance answers about any review, and the timeline and the
 * review queue join them with the changes of the documents the instance holds. {@link #catchUp} before reading gives
 * read-your-writes across instances: a review acknowledged by the broker on one instance is seen by the next read on
 * any other.
 *
 * <p>Writes are serialised in this process and checked against what the writer saw ({@link ReviewEdit#basedOn()}),
 * so nobody overwrites a decision they have not seen. Two writes of the same review on two instances within the same
 * few milliseconds are not serialised: the later record would lack the earlier one's events (see docs/web.md).
 */
public final class ReviewBook implements AutoCloseable {
  /** How long a read may wait to reach the end of the topic. */
  static final Duration CATCH_UP = Duration.ofSeconds(5);

  private final TopicTable<String, Review> table;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;
  private final Object writes = new Object();

  ReviewBook(TopicTable<String, Review> table, Producer<byte[], byte[]> producer, Clock clock) {
    this.table = table;
    this.producer = producer;
    this.clock = clock;
  }

  /** The reviews on the cluster of {@code clients}, with a producer of its own (closed with the book). */
  public static ReviewBook open(KafkaClients clients, Clock clock) {
    Producer<byte[], byte[]> producer = clients.producer("policy-monitor-reviews", new ByteArraySerializer(),
        new ByteArraySerializer());
    return new ReviewBook(TopicTable.open(clients, Topics.REVIEWS, TopicTable.Rows.BY_KEY, producer), producer,
        clock);
  }

  /** Reviews kept in memory only (tests, and pages served without Kafka). */
  public static ReviewBook inMemory(Clock clock) {
    return new ReviewBook(TopicTable.inMemory(Topics.REVIEWS, TopicTable.Rows.BY_KEY), null, clock);
  }

  /**
   * Reads every review written before this call, by any instance.
   *
   * @throws IllegalStateException when the topic cannot be read to its end in time
   */
  public void catchUp() {
    table.catchUp(CATCH_UP);
  }

  /** The review of a change as last read: state new with an empty trail when nobody reviewed it. */
  public Review get(String documentKey, String changeId) {
    return table.get(Review.recordKey(documentKey, changeId)).orElseGet(() -> Review.none(documentKey, changeId));
  }

  /**
   * Applies {@code edit} to the latest review of a change, on behalf of {@code by}, and waits until the broker has
   * the new record.
   *
   * @return the review after the edit (unchanged when the edit changes nothing)
   * @throws Conflict when the trail grew since what the editor saw
   * @throws TrailFull when the trail holds {@link Review#MAX_TRAIL} events already
   * @throws IllegalStateException when the broker does not acknowledge the write in time
   */
  public Review apply(String documentKey, String changeId, ReviewEdit edit, String by) {
    synchronized (writes) {
      catchUp();
      Review current = get(documentKey, changeId);
      if (edit.basedOn() != null && edit.basedOn() != current.trail().size()) {
        throw new Conflict(current);
      }
      List<ReviewEvent> events = edit.events(current, clock.instant(), by);
      if (events.isEmpty()) {
        return current;
      }
      if (current.trail().size() + events.size() > Review.MAX_TRAIL) {
        throw new TrailFull(current);
      }
      Review next = current.append(events);
      table.put(next.recordKey(), next);
      return next;
    }
  }

  @Override
  public void close() {
    table.close();
    if (producer != null) {
      producer.close(CATCH_UP);
    }
  }

  /** The review already holds {@link Review#MAX_TRAIL} events: it takes no more. */
  public static final class TrailFull extends RuntimeException {
    TrailFull(Review current) {
      super("the review of change " + current.changeId() + " holds " + current.trail().size()
          + " events; one review keeps at most " + Review.MAX_TRAIL);
    }
  }

  /** The review changed since the editor read it: they must see the new trail before deciding. */
  public static final class Conflict extends RuntimeException {
    private final transient Review current;

    Conflict(Review current) {
      super("the review of change " + current.changeId() + " changed since you read it (" + current.trail().size()
          + " events now, last by " + current.updatedBy() + "); reload it and try again");
      this.current = current;
    }

    public Review current() {
      return current;
    }
  }
}
