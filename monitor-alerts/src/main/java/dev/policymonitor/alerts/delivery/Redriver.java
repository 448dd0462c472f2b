package dev.policymonitor.alerts.delivery;

import dev.policymonitor.alerts.AlertMetrics;
import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Change;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.runtime.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-sends the alerts waiting in {@code policy-alerts-dlq}. An entry is done once each of its changes is
 * marked delivered on its channel, so running a redrive twice never sends twice; an entry that fails again
 * simply stays in the queue for the next redrive.
 */
public final class Redriver {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * What a redrive did: entries re-sent, still failing, skipped (unreadable, or channel not configured here) with
   * why, and already delivered.
   *
   * @param skippedBecause how many entries were skipped for each reason, in the order the reasons came up
   */
  public record Summary(int redriven, int failed, int skipped, int alreadyDelivered,
      Map<String, Integer> skippedBecause) {
    public Summary {
      skippedBecause = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skippedBecause));
    }

    public Summary(int redriven, int failed, int skipped, int alreadyDelivered) {
      this(redriven, failed, skipped, alreadyDelivered, Map.of());
    }

    /** Whether entries are left in the queue undelivered: still failing, or skipped. */
    public boolean leftUndelivered() {
      return failed > 0 || skipped > 0;
    }

    /** The one-line summary the command prints. */
    public String line() {
      StringBuilder why = new StringBuilder();
      skippedBecause.forEach((reason, n) -> why.append(why.length() == 0 ? " (" : "; ").append(n).append(": ")
          .append(reason));
      return "redrive: " + redriven + " delivered, " + failed + " still failing, " + skipped + " skipped"
          + (why.length() == 0 ? "" : why + ")") + ", " + alreadyDelivered + " already delivered";
    }
  }

  private final KafkaClients clients;
  private final AlertsTopics topics;
  private final Map<String, AlertSink> sinks;
  private final Deliverer deliverer;
  private final AlertMetrics metrics;
  private final Clock clock;
  private final PrintStream out;
  private final java.util.function.Function<String, String> howToConfigure;

  public Redriver(KafkaClients clients, AlertsTopics topics, List<AlertSink> sinks, RetrySettings retry,
      MeterRegistry registry, Clock clock, PrintStream out) {
    this.clients = clients;
    this.topics = topics;
    this.sinks = sinks.stream().collect(Collectors.toMap(AlertSink::channel, Function.identity()));
    this.metrics = new AlertMetrics(List.copyOf(this.sinks.keySet()));
    this.metrics.bindTo(registry);
    this.deliverer = new Deliverer(retry, metrics, Sleeper.SYSTEM, new ChannelHealth(clock), clock);
    this.clock = clock;
    this.out = out;
    this.howToConfigure = channel -> "channel " + channel + " is not configured here";
  }

  private Redriver(Redriver r, java.util.function.Function<String, String> howToConfigure) {
    this.clients = r.clients;
    this.topics = r.topics;
    this.sinks = r.sinks;
    this.metrics = r.metrics;
    this.deliverer = r.deliverer;
    this.clock = r.clock;
    this.out = r.out;
    this.howToConfigure = howToConfigure;
  }

  /**
   * This redriver, saying for a channel that is not configured here how to configure it
   * ({@code channel slack is not configured here: set POLICY_MONITOR_SLACK_WEBHOOK_URL}).
   */
  public Redriver explainingUnconfigured(java.util.function.Function<String, String> howToConfigure) {
    return new Redriver(this, howToConfigure);
  }

  /** Re-sends every pending entry, or only those of {@code channel}. */
  public Summary redrive(Optional<String> channel) {
    try (KafkaProducer<byte[], byte[]> producer =
            clients.producer("policy-monitor-redrive", new ByteArraySerializer(), new ByteArraySerializer());
         DeliveryLog log = DeliveryLog.open(clients, topics, producer);
         DeadLetterQueue queue = DeadLetterQueue.open(clients, topics, producer)) {
      log.catchUp(TIMEOUT);
      queue.catchUp(TIMEOUT);
      List<DeadLetter> entries = queue.entries().stream()
          .filter(e -> channel.isEmpty() || channel.get().equals(e.channel())).toList();
      out.println("redrive: " + entries.size() + " dead-lettered alerts" + channel.map(c -> " for " + c).orElse(""));
      int redriven = 0;
      int failed = 0;
      int skipped = 0;
      int done = 0;
      int n = 0;
      Map<String, Integer> skippedBecause = new java.util.LinkedHashMap<>();
      for (DeadLetter e : entries) {
        n++;
        String what = "[" + n + "/" + entries.size() + "] " + e.channel() + " " + describe(e);
        if (DeadLetter.UNREADABLE.equals(e.channel())) {
          out.println(what + ": skipped, the input record was not a change (" + e.error() + ")");
          skippedBecause.merge("the input record was not a change", 1, Integer::sum);
          skipped++;
          continue;
        }
        if (!e.pending(log)) {
          done++;
          continue;
        }
        AlertSink sink = sinks.get(e.channel());
        if (sink == null) {
          String reason = howToConfigure.apply(e.channel());
          out.println(what + ": skipped, " + reason);
          skippedBecause.merge(reason, 1, Integer::sum);
          skipped++;
          continue;
        }
        List<Change> pending = e.changes().stream().filter(c -> !log.contains(e.channel(), c.changeId())).toList();
        Digest digest = new Digest(e.channel(), e.digest() == null ? DigestSchedule.NONE : e.digest(),
            e.windowStart(), e.windowEnd(), pending);
        Deliverer.Result result = e.digest() == null && pending.size() == 1
            ? deliverer.deliver(e.channel(), () -> sink.deliver(pending.get(0)))
            : deliverer.deliver(e.channel(), () -> sink.deliverDigest(digest));
        Instant now = clock.instant();
        if (result.delivered()) {
          for (Change c : pending) {
            log.markDelivered(e.channel(), c.changeId(), c.key(), now);
            metrics.delivered(e.channel(), c, now);
          }
          out.println(what + ": delivered");
          redriven++;
        } else {
          out.println(what + ": still failing after " + result.attempts() + " attempts: " + result.error());
          failed++;
        }
      }
      Summary s = new Summary(redriven, failed, skipped, done, skippedBecause);
      out.println(s.line());
      return s;
    }
  }

  private static String describe(DeadLetter e) {
    if (e.changes().isEmpty()) {
      return "(no change)";
    }
    if (e.digest() == null && e.changes().size() == 1) {
      Change c = e.changes().get(0);
      return c.key() + " " + c.changeId();
    }
    return (e.digest() == null ? "" : e.digest().wire() + " ") + "digest of " + e.changes().size() + " changes";
  }
}
