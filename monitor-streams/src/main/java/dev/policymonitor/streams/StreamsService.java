package dev.policymonitor.streams;

import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import dev.policymonitor.runtime.health.LoopHealth;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PolicyTopology} as a Kafka Streams application, exactly once (EOS v2).
 *
 * <p>Under exactly-once, local stores are trusted only after a clean close (which writes their checkpoints). A file
 * in the state directory marks a running instance; when it is still there at the next start, the previous run did
 * not stop cleanly, and the local state is wiped before starting ({@link KafkaStreams#cleanUp()}) so that every
 * store is restored from its changelog up to the last committed transaction: what Kafka Streams would do anyway,
 * after failing each task with a {@code TaskCorruptedException} logged as an error.
 *
 * <p>A stream thread that dies is replaced, at most a few times in ten minutes; then the application shuts down and
 * {@link #health()} reports it down.
 */
public final class StreamsService implements AutoCloseable {
  public static final String APPLICATION_ID = "policy-monitor-streams";
  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  private final KafkaStreams streams;
  private final StreamsMetrics metrics = new StreamsMetrics();
  private final Path runningMarker;
  private final LoopHealth threads = LoopHealth.restartable("streams.threads", Duration.ofDays(3650),
      Clock.systemUTC());
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile boolean failed;

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
    runningMarker = stateDir.resolve(applicationId + ".running");
    streams = new KafkaStreams(PolicyTopology.build(settings, metrics, Clock.systemUTC()), props);
    threads.ready();
    streams.setUncaughtExceptionHandler(e -> {
      if (threads.failed(e)) {
        LOG.error("vendor=- document=- streams thread failed; replacing it (restart {}): {}", threads.restarts(),
            e.toString(), e);
        threads.ready();
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      LOG.error("vendor=- document=- streams thread failed again; shutting the streams application down: {}",
          e.toString(), e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
        failed = true;
      }
    });
  }

  /**
   * Starts processing without waiting for it (see {@link #awaitRunning}); after an unclean stop, wipes the local
   * state first so that it is restored from the changelogs.
   */
  public void start() {
    try {
      Files.createDirectories(runningMarker.getParent());
      if (Files.exists(runningMarker)) {
        LOG.warn("vendor=- document=- streams did not stop cleanly last time (state directory {}): its local stores "
            + "are rebuilt from their changelogs (exactly-once trusts only checkpointed stores)",
            runningMarker.getParent());
        streams.cleanUp();
      }
      Files.writeString(runningMarker, "started " + Instant.now() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the streams state directory " + runningMarker.getParent()
          + ": " + e.getMessage(), e);
    }
    streams.start();
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
    start();
    awaitRunning(timeout);
  }

  /**
   * Waits until the application is RUNNING (it has its tasks and restored their stores).
   *
   * @throws IllegalStateException when it is not within {@code timeout}
   */
  public void awaitRunning(Duration timeout) {
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

  /**
   * {@code streams}: up while RUNNING, starting while it gets its tasks (CREATED, REBALANCING), down in ERROR or
   * once shut down; a thread replaced after a failure shows in the detail.
   */
  public HealthIndicator health() {
    return HealthIndicator.of("streams", () -> {
      KafkaStreams.State state = streams.state();
      String restarts = threads.restarts() == 0 ? "" : " (" + threads.restarts() + " thread(s) replaced)";
      return switch (state) {
        case RUNNING -> Health.up();
        case CREATED, REBALANCING -> Health.starting(state.name() + restarts);
        default -> Health.down(state.name() + restarts);
      };
    });
  }

  @Override
  public void close() {
    boolean stopped = streams.close(Duration.ofSeconds(30));
    if (stopped && !failed) {
      try {
        Files.deleteIfExists(runningMarker);
      } catch (IOException e) {
        LOG.warn("vendor=- document=- cannot delete {}: {}", runningMarker, e.toString());
      }
    }
  }
}
