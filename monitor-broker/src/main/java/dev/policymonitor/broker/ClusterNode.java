package dev.policymonitor.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running KRaft node (broker and controller in this JVM) as its {@link NodeSpec} describes it. Its data directory is
 * formatted with the spec's cluster id the first time; started again on the same directory it keeps every topic,
 * offset and transaction. Several nodes of one quorum can run in one JVM or, as real clusters do, in separate
 * processes ({@link ClusterNodeMain}).
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final NodeSpec spec;
  private final KafkaRaftServer server;

  private ClusterNode(NodeSpec spec, KafkaRaftServer server) {
    this.spec = spec;
    this.server = server;
  }

  /**
   * Formats the data directory when it is new, then starts the node. With more than one voter this returns once the
   * node has joined the quorum, so start the other nodes concurrently.
   */
  public static ClusterNode start(NodeSpec spec) {
    KafkaConfig config = KafkaConfig.fromProps(spec.properties(), false);
    try {
      Files.createDirectories(spec.logDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + spec.logDir(), e);
    }
    if (!Files.exists(spec.logDir().resolve("meta.properties"))) {
      format(spec, config);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw e;
    }
    LOG.info("KRaft node {} started at {} (data in {})", spec.nodeId(), spec.bootstrapServers(), spec.dataDir());
    return new ClusterNode(spec, server);
  }

  private static void format(NodeSpec spec, KafkaConfig config) {
    Formatter formatter = new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(config.nodeId())
        .setClusterId(spec.clusterId())
        .setControllerListenerName(config.controllerListenerNames().get(0))
        .setMetadataLogDirectory(config.metadataLogDir())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
    config.logDirs().forEach(formatter::addDirectory);
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format " + spec.logDir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until this node's broker answers and lists itself among the cluster's brokers (it has joined the quorum
   * and been unfenced).
   *
   * @throws IllegalStateException when that does not happen within {@code timeout}
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      while (true) {
        try {
          if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
              .anyMatch(n -> n.id() == spec.nodeId())) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("KRaft node " + spec.nodeId() + " at " + spec.bootstrapServers()
                + " not ready after " + timeout + ": " + e.getMessage(), e);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("KRaft node " + spec.nodeId() + " at " + spec.bootstrapServers()
              + " not among the cluster's brokers after " + timeout);
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for KRaft node " + spec.nodeId(), e);
    }
  }

  public NodeSpec spec() {
    return spec;
  }

  @Override
  public void close() {
    shutdownQuietly(server);
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("KRaft node did not shut down cleanly: {}", e.toString());
    }
  }
}
