package dev.policymonitor.app;

import dev.policymonitor.runtime.KafkaClients;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/** Liveness and readiness: the broker answers, and the streams application (when present) is RUNNING. */
final class HealthCheck {
  private final KafkaClients clients;
  private final Supplier<String> streamsState;

  HealthCheck(KafkaClients clients, Supplier<String> streamsState) {
    this.clients = clients;
    this.streamsState = streamsState;
  }

  /** The checks by name; {@code status} is {@code UP} only when every check is. */
  Map<String, String> check() {
    Map<String, String> result = new LinkedHashMap<>();
    result.put("broker", brokerReachable() ? "UP" : "DOWN");
    String streams = streamsState.get();
    if (streams != null) {
      result.put("streams", streams);
    }
    boolean up = "UP".equals(result.get("broker")) && (streams == null || "RUNNING".equals(streams));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("status", up ? "UP" : "DOWN");
    out.putAll(result);
    return out;
  }

  private boolean brokerReachable() {
    try (Admin admin = clients.admin(Duration.ofSeconds(2))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }
}
