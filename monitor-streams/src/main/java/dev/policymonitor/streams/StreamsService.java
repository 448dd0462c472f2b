package dev.policymonitor.streams;

import dev.policymonitor.runtime.KafkaClients;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PolicyTopology} as a Kafka Streams application. */
public final class StreamsService implements AutoCloseable {
  public static final String APPLICATION_ID = "policy-monitor-streams";
  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  private final KafkaStreams streams;
  private final StreamsMetrics metrics = new StreamsMetrics();

  public StreamsService(KafkaClients clients, Path stateDir) {
    this(clients, stateDir, APPLICATION_ID, new Properties(), DetectionSettings.defaults());
  }

  /**
   * A service whose change detection follows {@code settings}. The extraction rules come from
   * {@code policy-targets}; bind {@link #metrics()} to see the detector's meters.
   */
  public StreamsService(KafkaClients clients, Path stateDir, String applicationId, Properties overrides,
      DetectionSettings settings) {
    Properties props = clients.streamsConfig(applicationId, Map.of());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    props.putAll(tuning());
    props.putAll(overrides);
    streams = new KafkaStreams(PolicyTopology.build(settings, metrics, Clock.systemUTC()), props);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("streams thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
  }

  /**
   * The settings chosen for the latency target (a live change alerted within 1 s) and 100,000 documents per
   * instance, declared here rather than left to defaults:
   * <ul>
   *   <li>{@code commit.interval.ms} 100: under exactly-once, outputs become visible to the alerts service at each
   *       commit, so the commit interval is the floor of capture-to-alert latency; 100 ms leaves most of the
   *       second to fetch, detection and delivery, and commits only when records were processed.</li>
   *   <li>{@code statestore.cache.max.bytes} 10 MiB on heap: a document is read once per poll, so a larger cache
   *       buys no hits; under exactly-once it is flushed at every commit anyway. Fixed, whatever the number of
   *       documents.</li>
   *   <li>{@code rocksdb.config.setter} {@link BoundedRocksDb}: every store's off-heap memory in one bound.</li>
   * </ul>
   */
  static Map<String, Object> tuning() {
    return Map.of(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L << 20,
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
  }

  /** Starts processing and waits until the application is RUNNING. */
  public void start(Duration timeout) {
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("streams did not reach RUNNING within " + timeout + " (state "
            + streams.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting streams", e);
    }
  }

  /** The change detector's meters ({@code policy.versions}, {@code policy.changes}, ...), for the caller to bind. */
  public MeterBinder metrics() {
    return metrics;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
  }
}
