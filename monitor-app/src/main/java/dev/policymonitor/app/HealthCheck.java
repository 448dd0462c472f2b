package dev.policymonitor.app;

import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Readiness and liveness of one process, for whatever serves {@code /health}: the broker answers, and every part of
 * its services (each long-running loop, the streams application, each alert channel) says how it is.
 *
 * <ul>
 *   <li>{@link #ready()}: 200 when the broker answers and every part is up or degraded (a failing alert channel);
 *       503 while a part is starting (joining its group, restoring state) or down. A restarted service is ready to
 *       work when this answers 200.</li>
 *   <li>{@link #live()}: 503 only when a part is down (a loop that died and cannot be restarted, a stalled loop,
 *       streams in ERROR): the process should be restarted. A broker outage does not make it so.</li>
 * </ul>
 *
 * The body is flat JSON: {@code status} (UP, DEGRADED, STARTING or DOWN), {@code broker}, and one entry per part
 * ({@code "fetcher.targets": "UP"}, {@code "alerts.channel.email": "DEGRADED: ..."}). The broker's answer is kept
 * for a second, so frequent probes cost one request a second.
 */
final class HealthCheck implements AutoCloseable {
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);
  private static final long BROKER_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** One answer: its HTTP status and JSON body. */
  record Report(int httpStatus, Map<String, String> body) {
    String status() {
      return body.get("status");
    }
  }

  private final KafkaClients clients;
  private final Supplier<List<HealthIndicator>> indicators;
  private final BooleanSupplier broker;
  private Admin admin;
  private long brokerCheckedAt;
  private boolean brokerUp;

  /** @param indicators the parts of the services this process runs, asked on each check */
  HealthCheck(KafkaClients clients, Supplier<List<HealthIndicator>> indicators) {
    this.clients = clients;
    this.indicators = indicators;
    this.broker = this::brokerReachable;
  }

  /** @param broker whether the broker answers (tests) */
  HealthCheck(BooleanSupplier broker, Supplier<List<HealthIndicator>> indicators) {
    this.clients = null;
    this.indicators = indicators;
    this.broker = broker;
  }

  /** Whether the process does its work now (see the class comment). */
  Report ready() {
    Map<String, String> parts = new LinkedHashMap<>();
    boolean reachable = broker.getAsBoolean();
    Health worst = reachable ? Health.up() : Health.down("broker unreachable");
    parts.put("broker", reachable ? "UP" : "DOWN");
    for (HealthIndicator i : indicators.get()) {
      Health h = i.health();
      parts.put(i.name(), h.text());
      worst = worst.worst(h);
    }
    boolean ok = worst.status() == Health.Status.UP || worst.status() == Health.Status.DEGRADED;
    return report(ok ? 200 : 503, worst, parts);
  }

  /** Whether the process should be left running (see the class comment). */
  Report live() {
    Map<String, String> parts = new LinkedHashMap<>();
    Health worst = Health.up();
    for (HealthIndicator i : indicators.get()) {
      Health h = i.health();
      parts.put(i.name(), h.text());
      worst = worst.worst(h);
    }
    return report(worst.status() == Health.Status.DOWN ? 503 : 200, worst, parts);
  }

  /** The readiness body (for callers that only look at it). */
  Map<String, String> check() {
    return ready().body();
  }

  private static Report report(int httpStatus, Health worst, Map<String, String> parts) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("status", worst.status().name());
    body.putAll(parts);
    return new Report(httpStatus, body);
  }

  private synchronized boolean brokerReachable() {
    long now = System.nanoTime();
    if (admin != null && now - brokerCheckedAt < BROKER_CACHE_NANOS) {
      return brokerUp;
    }
    try {
      if (admin == null) {
        admin = clients.admin(BROKER_TIMEOUT);
      }
      brokerUp = !admin.describeCluster().nodes().get(BROKER_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      brokerUp = false;
    } catch (Exception e) {
      brokerUp = false;
    }
    brokerCheckedAt = System.nanoTime();
    return brokerUp;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
