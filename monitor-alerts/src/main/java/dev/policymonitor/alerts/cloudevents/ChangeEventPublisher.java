package dev.policymonitor.alerts.cloudevents;

import dev.policymonitor.model.Change;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes changes as CloudEvents (structured JSON, {@code content-type} header) without waiting for each one;
 * {@link #confirm} waits for the batch and fails when one was not acknowledged, so the input is not committed.
 */
public final class ChangeEventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** @param producer not closed here */
  public ChangeEventPublisher(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public void publish(Change change) {
    ProducerRecord<byte[], byte[]> event = new ProducerRecord<>(topic, change.key().getBytes(StandardCharsets.UTF_8),
        ChangeEvents.serialize(change));
    event.headers().add("content-type", ChangeEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    producer.send(event, (meta, e) -> {
      if (e != null) {
        LOG.error("vendor={} document={} CloudEvent {} not published: {}", change.vendor(), change.document(),
            change.changeId(), e.toString());
        failure.compareAndSet(null, e);
      }
    });
  }

  /**
   * Waits until every event published so far was acknowledged.
   *
   * @throws IllegalStateException when one was not; the failure is then forgotten, the caller retries the batch
   */
  public void confirm() {
    producer.flush();
    Exception lost = failure.getAndSet(null);
    if (lost != null) {
      throw new IllegalStateException("a CloudEvent was not published: " + lost.getMessage(), lost);
    }
  }

  /** Forgets failures of a batch that will be read again. */
  public void reset() {
    failure.set(null);
  }
}
