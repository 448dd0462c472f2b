package dev.policymonitor.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.Uuid;

/**
 * Runs one {@link ClusterNode} as a process of its own, until it is stopped (SIGTERM: clean shutdown) or killed. Three
 * of them with the same {@code --voters} and {@code --cluster-id} make a three-node cluster on one machine; one alone
 * is a single broker that can be killed and restarted on the same address and data. Prints
 * {@code node N ready: 127.0.0.1:PORT} once its broker serves.
 *
 * <pre>
 * java -cp ... dev.policymonitor.broker.ClusterNodeMain --node-id 1 --data-dir d1 --port 19092 --controller-port 19093 \
 *     --voters 1@19093,2@19095,3@19097 --cluster-id Xy...  [--config KEY=VALUE ...]
 * </pre>
 */
public final class ClusterNodeMain {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeSpec spec;
    try {
      spec = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("cluster-node: " + e.getMessage());
      System.err.println("usage: --node-id N --data-dir DIR --port N --controller-port N [--voters ID@PORT,...] "
          + "[--cluster-id ID] [--config KEY=VALUE]...");
      System.exit(2);
      return;
    }
    ClusterNode node = ClusterNode.start(spec);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "cluster-node-shutdown"));
    node.awaitReady(READY_TIMEOUT);
    System.out.println("node " + spec.nodeId() + " ready: " + spec.bootstrapServers());
    System.out.flush();
    stopped.await();
  }

  static NodeSpec parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    Map<String, String> configs = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option VALUE at '" + name + "'");
      }
      String value = args[++i];
      if (name.equals("--config")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--config takes KEY=VALUE, not '" + value + "'");
        }
        configs.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        options.put(name.substring(2), value);
      }
    }
    int nodeId = number(options.getOrDefault("node-id", "1"), "--node-id");
    int port = number(required(options, "port"), "--port");
    int controllerPort = number(required(options, "controller-port"), "--controller-port");
    SortedMap<Integer, Integer> voters = new TreeMap<>();
    for (String voter : options.getOrDefault("voters", nodeId + "@" + controllerPort).split(",")) {
      String[] parts = voter.trim().split("@");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--voters takes ID@CONTROLLER_PORT,..., not '" + voter + "'");
      }
      voters.put(number(parts[0], "--voters id"), number(parts[1], "--voters port"));
    }
    String clusterId = options.getOrDefault("cluster-id", Uuid.randomUuid().toString());
    Path dataDir = Path.of(required(options, "data-dir"));
    options.keySet().removeAll(java.util.List.of("node-id", "port", "controller-port", "voters", "cluster-id",
        "data-dir"));
    if (!options.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + options.keySet());
    }
    return new NodeSpec(nodeId, port, controllerPort, voters, dataDir, clusterId, configs);
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static int number(String value, String what) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number, not '" + value + "'");
    }
  }
}
