package dev.policymonitor.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code policy.streams.running} {application}: 1 while the Kafka Streams application is RUNNING, else 0, so an
 * alert can fire on a streams instance that is rebalancing forever, in ERROR, or shut down.
 */
public final class StreamsStateMetrics implements MeterBinder {
  public static final String NAME = "policy.streams.running";

  private final KafkaStreams streams;
  private final String applicationId;

  public StreamsStateMetrics(KafkaStreams streams, String applicationId) {
    this.streams = streams;
    this.applicationId = applicationId;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(NAME, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while the Kafka Streams application is RUNNING, else 0")
        .tag("application", applicationId)
        .register(registry);
  }
}
