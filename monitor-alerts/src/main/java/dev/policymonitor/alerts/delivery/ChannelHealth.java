package dev.policymonitor.alerts.delivery;

import dev.policymonitor.runtime.health.Health;
import dev.policymonitor.runtime.health.HealthIndicator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each delivery channel works, from the outcome of every attempt. The first failed attempt of a working
 * channel logs one warning naming the channel and the reason ({@code email: server does not offer STARTTLS; ...}),
 * the following failures of the same outage log nothing more at that level, and the first success after it logs
 * that the channel recovered. {@link #indicators} report a failing channel as degraded in {@code /health}.
 * Thread-safe.
 */
public final class ChannelHealth {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelHealth.class);

  /** A channel that fails: since when, why (the latest reason) and how many attempts failed. */
  private record Outage(Instant since, String reason, int failures) {}

  private final Clock clock;
  private final Map<String, Outage> failing = new ConcurrentHashMap<>();

  public ChannelHealth(Clock clock) {
    this.clock = clock;
  }

  /** An attempt on {@code channel} succeeded. */
  public void succeeded(String channel) {
    Outage ended = failing.remove(channel);
    if (ended != null) {
      LOG.info("vendor=- document=- {}: delivering again, after {} failed attempt(s) since {}", channel,
          ended.failures(), ended.since());
    }
  }

  /** An attempt on {@code channel} failed for {@code reason}. */
  public void failed(String channel, String reason) {
    Outage before = failing.get(channel);
    Outage now = before == null ? new Outage(clock.instant(), reason, 1)
        : new Outage(before.since(), reason, before.failures() + 1);
    failing.put(channel, now);
    if (before == null) {
      LOG.warn("vendor=- document=- {}: {}", channel, reason);
    } else {
      LOG.debug("vendor=- document=- {}: still failing ({} attempts): {}", channel, now.failures(), reason);
    }
  }

  /** Whether the last attempt on {@code channel} failed. */
  public boolean isFailing(String channel) {
    return failing.containsKey(channel);
  }

  /** {@code alerts.channel.<name>}: up, or degraded with the reason and since when. */
  public List<HealthIndicator> indicators(List<String> channels) {
    return channels.stream().map(c -> HealthIndicator.of("alerts.channel." + c, () -> {
      Outage o = failing.get(c);
      return o == null ? Health.up()
          : Health.degraded(o.reason() + " (" + o.failures() + " failed attempt(s) since " + o.since() + ")");
    })).toList();
  }
}
