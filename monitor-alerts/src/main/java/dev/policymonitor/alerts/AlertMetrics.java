package dev.policymonitor.alerts;

import dev.policymonitor.model.Change;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alerts' meters: deliveries by channel and outcome, retries, the dead-letter backlog, and the
 * latency from capture and from detection to delivery. Tags are bounded: the channel names and fixed words.
 */
public final class AlertMetrics implements MeterBinder {
  public static final String DELIVERIES = "policy.alert.deliveries";
  public static final String RETRIES = "policy.alert.retries";
  public static final String DLQ_SIZE = "policy.alert.dlq.size";
  public static final String LATENCY = "policy.alert.latency";

  /** The outcomes of one change on one channel. */
  public enum Outcome {
    DELIVERED, FAILED, DEAD_LETTERED, DUPLICATE, FILTERED;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final List<String> channels;
  private final AtomicLong dlqSize = new AtomicLong();
  private MeterRegistry registry;

  /** @param channels the channels to pre-register, so dashboards see zeros rather than no data */
  public AlertMetrics(List<String> channels) {
    this.channels = List.copyOf(channels);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(DLQ_SIZE, dlqSize, AtomicLong::get)
        .description("Alerts in policy-alerts-dlq that have not been delivered by a redrive yet")
        .register(registry);
    for (String channel : channels) {
      for (Outcome o : Outcome.values()) {
        deliveries(channel, o);
      }
      retries(channel);
      latency(channel, "captured");
      latency(channel, "detected");
    }
  }

  public void outcome(String channel, Outcome outcome) {
    if (registry != null) {
      deliveries(channel, outcome).increment();
    }
  }

  /** A successful delivery of {@code change} at {@code now}: counted, and its latencies recorded. */
  public void delivered(String channel, Change change, Instant now) {
    if (registry == null) {
      return;
    }
    deliveries(channel, Outcome.DELIVERED).increment();
    latency(channel, "captured").record(nonNegative(Duration.between(change.capturedAt(), now)));
    if (change.detectedAt() != null) {
      latency(channel, "detected").record(nonNegative(Duration.between(change.detectedAt(), now)));
    }
  }

  public void retry(String channel) {
    if (registry != null) {
      retries(channel).increment();
    }
  }

  public void dlqSize(long size) {
    dlqSize.set(size);
  }

  private Counter deliveries(String channel, Outcome outcome) {
    return Counter.builder(DELIVERIES)
        .description("Alerts by channel and outcome: delivered, failed (an attempt), dead-lettered, duplicate "
            + "(already delivered before a restart), filtered (routing rules)")
        .tag("channel", channel).tag("outcome", outcome.tag())
        .register(registry);
  }

  private Counter retries(String channel) {
    return Counter.builder(RETRIES).description("Delivery attempts repeated after a failure or a 429")
        .tag("channel", channel).register(registry);
  }

  private Timer latency(String channel, String from) {
    return Timer.builder(LATENCY)
        .description("Time from the capture (from=captured) or from the change's detection (from=detected) "
            + "to its delivery on a channel")
        .tag("channel", channel).tag("from", from)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofDays(2))
        .register(registry);
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
