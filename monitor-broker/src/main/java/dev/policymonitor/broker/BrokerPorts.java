package dev.policymonitor.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The embedded broker's ports on 127.0.0.1 (client, controller and, with a {@link SecureListener}, secure), kept in
 * its data directory and reused on restart when free, so its address stays the same.
 */
final class BrokerPorts {
  private static final String FILE = "ports.properties";

  private BrokerPorts() {}

  /** {client, controller, secure}; secure is 0 without a secure listener. */
  static int[] choose(Path dataDir, boolean fresh, boolean secure) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!fresh && Files.exists(file)) {
      Properties saved = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        saved.load(in);
      }
      int broker = Integer.parseInt(saved.getProperty("broker", "0"));
      int controller = Integer.parseInt(saved.getProperty("controller", "0"));
      int savedSecure = Integer.parseInt(saved.getProperty("secure", "0"));
      if (isFree(broker) && isFree(controller)) {
        return new int[] {broker, controller, !secure ? 0 : isFree(savedSecure) ? savedSecure : freePort()};
      }
    }
    return new int[] {freePort(), freePort(), secure ? freePort() : 0};
  }

  static void save(Path dataDir, int[] ports) throws IOException {
    Properties p = new Properties();
    p.setProperty("broker", Integer.toString(ports[0]));
    p.setProperty("controller", Integer.toString(ports[1]));
    if (ports[2] > 0) {
      p.setProperty("secure", Integer.toString(ports[2]));
    }
    try (OutputStream out = Files.newOutputStream(dataDir.resolve(FILE))) {
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
}
