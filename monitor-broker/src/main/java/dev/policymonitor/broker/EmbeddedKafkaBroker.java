package dev.policymonitor.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process) on 127.0.0.1.
 *
 * <p>Its log and metadata live under a data directory: started again on the same directory, it keeps
 * every topic, offset and state changelog, and it reuses its previous ports when they are free, so the
 * printed bootstrap address stays the same across restarts.
 *
 * <p>Started with a {@link SecureListener}, it also listens for clients over TLS (SCRAM-SHA-512 users or client
 * certificates) on a port of its own, {@link #secureBootstrapServers()}; the plaintext listener stays for the broker
 * itself.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int START_ATTEMPTS = 5;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String secureBootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, String secureBootstrapServers,
      Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.secureBootstrapServers = secureBootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Starts a broker whose data persists in {@code dataDir} (created when missing). */
  public static EmbeddedKafkaBroker start(Path dataDir) {
    return start(dataDir, false, Map.of());
  }

  /** Starts a throw-away broker in a temporary directory that is deleted on close. */
  public static EmbeddedKafkaBroker startTemporary() {
    try {
      return start(Files.createTempDirectory("policy-monitor-kafka-"), true, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker.
   *
   * @param overrides broker configs that replace the defaults
   */
  public static EmbeddedKafkaBroker start(Path dataDir, boolean deleteOnClose, Map<String, String> overrides) {
    return start(dataDir, deleteOnClose, overrides, null);
  }

  /** Starts a throw-away broker (deleted on close) that also has {@code listener}. */
  public static EmbeddedKafkaBroker startTemporary(SecureListener listener) {
    try {
      return start(Files.createTempDirectory("policy-monitor-kafka-"), true, Map.of(), listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker.
   *
   * @param overrides broker configs that replace the defaults
   * @param listener a TLS listener for clients besides the plaintext one, or null; its SCRAM users are created
   *     when the data directory is formatted (its first start)
   */
  public static EmbeddedKafkaBroker start(Path dataDir, boolean deleteOnClose, Map<String, String> overrides,
      SecureListener listener) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return tryStart(dataDir, deleteOnClose, overrides, listener, attempt > 1);
      } catch (RuntimeException e) {
        if (!causedByBind(e)) {
          throw e;
        }
        last = e;
        LOG.warn("port taken while starting the embedded broker, retrying ({}/{})", attempt, START_ATTEMPTS);
      }
    }
    throw last;
  }

  private static EmbeddedKafkaBroker tryStart(Path dataDir, boolean deleteOnClose, Map<String, String> overrides,
      SecureListener listener, boolean freshPorts) {
    try {
      Files.createDirectories(dataDir);
      Path logDir = dataDir.resolve("kafka-logs");
      int[] ports = BrokerPorts.choose(dataDir, freshPorts, listener != null);
      String clusterId = Uuid.randomUuid().toString();
      Properties p = NodeSpec.single(ports[0], ports[1], dataDir, clusterId, Map.of()).properties();
      if (!deleteOnClose) {
        // After a kill -9 the restarted controller sees the dead broker's registration as alive until its session
        // times out (9 s by default) and refuses the new one meanwhile: with broker and controller in one process
        // that session can be short. Heartbeats every 0.5 s, so 4 s is eight missed beats. A throw-away broker is
        // never restarted and keeps Kafka's defaults.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
      }
      if (listener != null) {
        Map<String, String> base = Map.of("listeners", p.getProperty("listeners"), "advertised.listeners",
            p.getProperty("advertised.listeners"), "listener.security.protocol.map",
            p.getProperty("listener.security.protocol.map"));
        p.putAll(listener.brokerConfig(base, ports[2]));
      }
      p.putAll(overrides);
      KafkaConfig config = KafkaConfig.fromProps(p, false);

      if (!Files.exists(logDir.resolve("meta.properties"))) {
        Formatter formatter = new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(config.nodeId())
            .setClusterId(clusterId)
            .setControllerListenerName(config.controllerListenerNames().get(0))
            .setMetadataLogDirectory(config.metadataLogDir())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        config.logDirs().forEach(formatter::addDirectory);
        if (listener != null && !listener.scramUsers().isEmpty()) {
          formatter.setScramArguments(listener.scramArguments());
        }
        formatter.run();
      }

      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        shutdownQuietly(server);
        throw e;
      }
      String bootstrap = "127.0.0.1:" + ports[0];
      awaitReady(bootstrap, Duration.ofSeconds(60));
      BrokerPorts.save(dataDir, ports);
      String secure = listener == null ? null : "127.0.0.1:" + ports[2];
      LOG.info("embedded Kafka broker ready at {}{} (data in {})", bootstrap,
          secure == null ? "" : " and " + listener.securityProtocol() + " " + secure, dataDir);
      return new EmbeddedKafkaBroker(server, bootstrap, secure, dataDir, deleteOnClose);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + dataDir, e);
    } catch (Exception e) {
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("cannot start the embedded broker in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** The address clients connect to, {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The address of the {@link SecureListener}'s clients, {@code 127.0.0.1:PORT}.
   *
   * @throws IllegalStateException when the broker was started without one
   */
  public String secureBootstrapServers() {
    if (secureBootstrapServers == null) {
      throw new IllegalStateException("this broker has no secure listener");
    }
    return secureBootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    shutdownQuietly(server);
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("embedded broker did not shut down cleanly: {}", e.toString());
    }
  }

  private static void awaitReady(String bootstrap, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded broker at " + bootstrap + " not ready after " + timeout, e);
          }
        }
        Thread.sleep(50);
      }
    }
  }

  private static boolean causedByBind(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // best effort for a temporary directory
        }
      });
    } catch (IOException ignored) {
      // best effort for a temporary directory
    }
  }
}
