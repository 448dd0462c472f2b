package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.DeadLetter;
import dev.policymonitor.model.Change;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alerts' meters: deliveries by channel and outcome, retries, the dead-letter backlog, and the latency from
 * capture and from detection to delivery. Every meter is created in {@link #bindTo}, for the channels named at
 * construction (plus {@value DeadLetter#UNREADABLE} for input records that are not changes), so tags are bounded
 * and dashboards see zeros rather than no data. Recording before {@code bindTo}, or for a channel not named, counts
 * nothing.
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
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The meters of one channel. */
  private record ChannelMeters(Map<Outcome, Counter> deliveries, Counter retries, Timer fromCapture,
      Timer fromDetection) {}

  private final List<String> channels;
  private final AtomicLong dlqSize = new AtomicLong();
  private final Map<String, ChannelMeters> meters = new ConcurrentHashMap<>();
  private volatile Counter unreadable;

  /** @param channels the channels whose meters {@link #bindTo} registers */
  public AlertMetrics(List<String> channels) {
    this.channels = List.copyOf(channels);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(DLQ_SIZE, dlqSize, AtomicLong::get)
        .description("Alerts in policy-alerts-dlq that have not been delivered by a redrive yet")
        .register(registry);
    for (String channel : channels) {
      Map<Outcome, Counter> deliveries = new ConcurrentHashMap<>();
      for (Outcome o : Outcome.values()) {
        deliveries.put(o, deliveries(registry, channel, o));
      }
      meters.put(channel, new ChannelMeters(deliveries,
          Counter.builder(RETRIES).description("Delivery attempts repeated after a failure or a 429")
              .tag("channel", channel).register(registry),
          latency(registry, channel, "captured"), latency(registry, channel, "detected")));
    }
    unreadable = deliveries(registry, DeadLetter.UNREADABLE, Outcome.DEAD_LETTERED);
  }

  public void outcome(String channel, Outcome outcome) {
    ChannelMeters m = meters.get(channel);
    if (m != null) {
      m.deliveries().get(outcome).increment();
    } else if (outcome == Outcome.DEAD_LETTERED && DeadLetter.UNREADABLE.equals(channel) && unreadable != null) {
      unreadable.increment();
    }
  }

  /** A successful delivery of {@code change} at {@code now}: counted, and its latencies recorded. */
  public void delivered(String channel, Change change, Instant now) {
    ChannelMeters m = meters.get(channel);
    if (m == null) {
      return;
    }
    m.deliveries().get(Outcome.DELIVERED).increment();
    m.fromCapture().record(nonNegative(Duration.between(change.capturedAt(), now)));
    if (change.detectedAt() != null) {
      m.fromDetection().record(nonNegative(Duration.between(change.detectedAt(), now)));
    }
  }

  public void retry(String channel) {
    ChannelMeters m = meters.get(channel);
    if (m != null) {
      m.retries().increment();
    }
  }

  public void dlqSize(long size) {
    dlqSize.set(size);
  }

  private static Counter deliveries(MeterRegistry registry, String channel, Outcome outcome) {
    return Counter.builder(DELIVERIES)
        .description("Alerts by channel and outcome: delivered, failed (an attempt), dead-lettered, duplicate "
            + "(already delivered before a restart), filtered (routing rules)")
        .tag("channel", channel).tag("outcome", outcome.tag())
        .register(registry);
  }

  private static Timer latency(MeterRegistry registry, String channel, String from) {
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
