package dev.policymonitor.broker;

import dev.policymonitor.model.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String PORTS_FILE = "ports.properties";
  private static final int START_ATTEMPTS = 5;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
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
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return tryStart(dataDir, deleteOnClose, overrides, attempt > 1);
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
      boolean freshPorts) {
    try {
      Files.createDirectories(dataDir);
      Path logDir = dataDir.resolve("kafka-logs");
      int[] ports = ports(dataDir, freshPorts);
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.voters", "1@127.0.0.1:" + ports[1]);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1]);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[0]);
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("log.dirs", logDir.toString());
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("transaction.state.log.num.partitions", "1");
      p.put("share.coordinator.state.topic.replication.factor", "1");
      p.put("share.coordinator.state.topic.min.isr", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("num.partitions", "1");
      p.put("auto.create.topics.enable", "false");
      p.put("log.cleaner.dedupe.buffer.size", "2097152");
      p.put("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
      p.putAll(overrides);
      KafkaConfig config = KafkaConfig.fromProps(p, false);

      if (!Files.exists(logDir.resolve("meta.properties"))) {
        Formatter formatter = new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(config.nodeId())
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(config.controllerListenerNames().get(0))
            .setMetadataLogDirectory(config.metadataLogDir())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        config.logDirs().forEach(formatter::addDirectory);
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
      savePorts(dataDir, ports);
      LOG.info("embedded Kafka broker ready at {} (data in {})", bootstrap, dataDir);
      return new EmbeddedKafkaBroker(server, bootstrap, dataDir, deleteOnClose);
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

  private static int[] ports(Path dataDir, boolean fresh) throws IOException {
    Path file = dataDir.resolve(PORTS_FILE);
    if (!fresh && Files.exists(file)) {
      Properties saved = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        saved.load(in);
      }
      int broker = Integer.parseInt(saved.getProperty("broker", "0"));
      int controller = Integer.parseInt(saved.getProperty("controller", "0"));
      if (isFree(broker) && isFree(controller)) {
        return new int[] {broker, controller};
      }
    }
    return new int[] {freePort(), freePort()};
  }

  private static void savePorts(Path dataDir, int[] ports) throws IOException {
    Properties p = new Properties();
    p.setProperty("broker", Integer.toString(ports[0]));
    p.setProperty("controller", Integer.toString(ports[1]));
    try (OutputStream out = Files.newOutputStream(dataDir.resolve(PORTS_FILE))) {
      p.store(out, "ports of the embedded broker, reused on restart when free");
    }
  }

  private static boolean isFree(int port) {
    if (port <= 0) {
      return false;
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
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
