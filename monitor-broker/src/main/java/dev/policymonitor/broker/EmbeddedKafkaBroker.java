package dev.policymonitor.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
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

  private final ClusterNode node;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedKafkaBroker(ClusterNode node, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.node = node;
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
      int[] ports = ports(dataDir, freshPorts);
      ClusterNode node = ClusterNode.start(NodeSpec.single(ports[0], ports[1], dataDir, Uuid.randomUuid().toString(),
          overrides));
      String bootstrap = node.spec().bootstrapServers();
      try {
        node.awaitReady(Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
      savePorts(dataDir, ports);
      LOG.info("embedded Kafka broker ready at {} (data in {})", bootstrap, dataDir);
      return new EmbeddedKafkaBroker(node, bootstrap, dataDir, deleteOnClose);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + dataDir, e);
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
    node.close();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
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
