package dev.policymonitor.fetcher;

import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.Topics;
import dev.policymonitor.runtime.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes snapshots to {@code policy-snapshots} and fetch errors to {@code policy-fetch-errors}. */
public final class SnapshotPublisher implements SnapshotSink, AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public SnapshotPublisher(KafkaClients clients) {
    this.producer = clients.producer("policy-monitor-snapshots", new StringSerializer(), new ByteArraySerializer());
  }

  /** Publishes one snapshot and waits for the broker's acknowledgement. */
  @Override
  public void publish(Snapshot snapshot) {
    await(send(Topics.SNAPSHOTS.name(), snapshot.key(),
        Topics.SNAPSHOTS.valueSerde().serializer().serialize(Topics.SNAPSHOTS.name(), snapshot)));
  }

  @Override
  public void publish(FetchError error) {
    await(send(Topics.FETCH_ERRORS.name(), new PolicyKey(error.vendor(), error.document()),
        Topics.FETCH_ERRORS.valueSerde().serializer().serialize(Topics.FETCH_ERRORS.name(), error)));
  }

  private Future<RecordMetadata> send(String topic, PolicyKey key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key.toString(), value));
  }

  private static RecordMetadata await(Future<RecordMetadata> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish to Kafka: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  /** Binds this client's Kafka metrics (Micrometer's {@code KafkaClientMetrics}); close the result to unbind. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
    metrics.bindTo(registry);
    return metrics;
  }
}
