package dev.policymonitor.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * One or three KRaft nodes (broker and controller each), every one a process of its own
 * ({@code dev.policymonitor.broker.ClusterNodeMain}) with fixed ports and a data directory, so a killed node comes back
 * at the same address with its data. Three nodes replicate every topic three times with {@code min.insync.replicas=2}.
 */
final class BrokerCluster implements AutoCloseable {
  private final List<ChildJvm> nodes = new ArrayList<>();
  private final String bootstrapServers;

  private BrokerCluster(List<ChildJvm> nodes, String bootstrapServers) {
    this.nodes.addAll(nodes);
    this.bootstrapServers = bootstrapServers;
  }

  static BrokerCluster start(int size, Path dir) {
    int[] brokerPorts = new int[size];
    int[] controllerPorts = new int[size];
    for (int i = 0; i < size; i++) {
      brokerPorts[i] = freePort();
      controllerPorts[i] = freePort();
    }
    String voters = java.util.stream.IntStream.range(0, size)
        .mapToObj(i -> (i + 1) + "@" + controllerPorts[i]).collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    List<ChildJvm> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<String> args = new ArrayList<>(List.of("--node-id", Integer.toString(i + 1),
          "--data-dir", dir.resolve("broker-" + (i + 1)).toString(),
          "--port", Integer.toString(brokerPorts[i]), "--controller-port", Integer.toString(controllerPorts[i]),
          "--voters", voters, "--cluster-id", clusterId));
      if (size >= 3) {
        args.addAll(List.of("--config", "default.replication.factor=3", "--config", "min.insync.replicas=2"));
      }
      nodes.add(new ChildJvm("broker-" + (i + 1), List.of("-Xmx768m", "-XX:+UseSerialGC"),
          "dev.policymonitor.broker.ClusterNodeMain", args, Map.of(), dir.resolve("logs/broker-" + (i + 1) + ".log")));
    }
    String bootstrap = java.util.Arrays.stream(brokerPorts).mapToObj(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(","));
    BrokerCluster cluster = new BrokerCluster(nodes, bootstrap);
    nodes.forEach(ChildJvm::start);
    cluster.awaitBrokers(size, Duration.ofMinutes(3));
    return cluster;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  int size() {
    return nodes.size();
  }

  ChildJvm node(int index) {
    return nodes.get(index);
  }

  /** Waits until {@code count} brokers are registered and unfenced. */
  void awaitBrokers(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      while (true) {
        try {
          if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
            return;
          }
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(count + " brokers not up after " + timeout + "; see "
              + nodes.get(0).log().getParent());
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Each topic's replica count (every partition must have the same), and {@code min.insync.replicas} of
   * {@code policy-changes}, e.g. {@code {policy-changes=3, ..., min.insync.replicas=2}}.
   */
  Map<String, Integer> replication() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<String, Integer> replicas = new java.util.TreeMap<>();
      var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
      admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, topic) ->
          replicas.put(name, topic.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0)));
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "policy-changes");
      String minIsr = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
          .get("min.insync.replicas").value();
      replicas.put("min.insync.replicas", Integer.parseInt(minIsr));
      return replicas;
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe the topics: " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    nodes.forEach(ChildJvm::stop);
  }
}
