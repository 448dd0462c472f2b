package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy-monitor broker} as its own process, as the services run against it on one machine: killed with
 * SIGKILL and started again on the same state directory, it comes back at the same address with its topics.
 */
class BrokerCommandTest {
  private Process broker;

  @AfterEach
  void stop() throws InterruptedException {
    if (broker != null) {
      broker.destroyForcibly().waitFor();
    }
  }

  @Test
  void shouldComeBackAtTheSameAddressWithItsTopicsAfterAKillThenStopOnSigterm(@TempDir Path state) throws Exception {
    String address = start(state);
    try (Admin admin = admin(address)) {
      admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    broker.destroyForcibly().waitFor();
    assertThat(start(state)).isEqualTo(address);
    try (Admin admin = admin(address)) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
    }

    broker.destroy();
    assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    assertThat(broker.exitValue()).as("a SIGTERM exits like a clean stop").isIn(0, 143);
  }

  /** Starts the command in a new JVM on this test's class path; returns the address it printed. */
  private String start(Path state) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    broker = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        PolicyMonitor.class.getName(), "broker", "--state-dir", state.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("bootstrap-servers: ")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "broker-stdout");
        drain.setDaemon(true);
        drain.start();
        return line.substring("bootstrap-servers: ".length()).strip();
      }
    }
    throw new AssertionError("the broker exited before printing its address: " + exit());
  }

  private String exit() {
    try {
      return "exit " + broker.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Admin admin(String address) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis()));
  }
}
