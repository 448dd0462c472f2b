package dev.policymonitor.app.observability;

import dev.policymonitor.runtime.CloseStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one process: a Prometheus registry that every service registers into, with JVM, process and
 * Kafka binders bound to it; served as {@code /metrics} and closed (binders first) on shutdown.
 */
public final class Observability implements AutoCloseable {
  /** Content type of the Prometheus text exposition format 0.0.4 that {@link #scrape} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

  private final PrometheusMeterRegistry registry;
  private final CloseStack closeables = new CloseStack("metrics");

  private Observability(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A registry with the JVM and process meters already bound. */
  public static Observability create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().onMeterRegistrationFailed((id, reason) ->
        LOG.warn("meter {} not registered: {}", id.getName(), reason));
    Observability o = new Observability(registry);
    o.bind(new JvmMemoryMetrics());
    o.bind(new JvmGcMetrics());
    o.bind(new JvmThreadMetrics());
    o.bind(new ClassLoaderMetrics());
    o.bind(new ProcessorMetrics());
    o.bind(new UptimeMetrics());
    return o;
  }

  /** The registry services take in their constructors. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Binds a binder to the registry; one that is {@link AutoCloseable} is closed with this object. */
  public void bind(MeterBinder binder) {
    binder.bindTo(registry);
    if (binder instanceof AutoCloseable c) {
      closeables.push(c);
    }
  }

  /** Kafka Streams client, thread, task and store metrics ({@code kafka_stream_...}). */
  public void bindStreams(KafkaStreams streams) {
    bind(new KafkaStreamsMetrics(streams));
  }

  /** A producer's client metrics ({@code kafka_producer_...}). */
  public void bindKafkaClient(Producer<?, ?> producer) {
    bind(new KafkaClientMetrics(producer));
  }

  /** A consumer's client metrics ({@code kafka_consumer_...}). */
  public void bindKafkaClient(Consumer<?, ?> consumer) {
    bind(new KafkaClientMetrics(consumer));
  }

  /** Writes every meter in the Prometheus text format. */
  public void scrape(OutputStream out) throws IOException {
    registry.scrape(out, CONTENT_TYPE);
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape(CONTENT_TYPE);
  }

  @Override
  public void close() {
    closeables.close();
    registry.close();
  }
}
