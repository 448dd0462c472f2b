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

  /** What a redrive did: entries re-sent, still failing, skipped (unreadable or channel not configured), already done. */
  public record Summary(int redriven, int failed, int skipped, int alreadyDelivered) {}

  private final KafkaClients clients;
  private final AlertsTopics topics;
  private final Map<String, AlertSink> sinks;
  private final Deliverer deliverer;
  private final AlertMetrics metrics;
  private final Clock clock;
  private final PrintStream out;

  public Redriver(KafkaClients clients, AlertsTopics topics, List<AlertSink> sinks, RetrySettings retry,
      MeterRegistry registry, Clock clock, PrintStream out) {
    this.clients = clients;
    this.topics = topics;
    this.sinks = sinks.stream().collect(Collectors.toMap(AlertSink::channel, Function.identity()));
    this.metrics = new AlertMetrics(List.copyOf(this.sinks.keySet()));
    this.metrics.bindTo(registry);
    this.deliverer = new Deliverer(retry, metrics, Sleeper.SYSTEM);
    this.clock = clock;
    this.out = out;
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
      for (DeadLetter e : entries) {
        n++;
        String what = "[" + n + "/" + entries.size() + "] " + e.channel() + " " + describe(e);
        if (DeadLetter.UNREADABLE.equals(e.channel())) {
          out.println(what + ": skipped, the input record was not a change (" + e.error() + ")");
          skipped++;
          continue;
        }
        if (!e.pending(log)) {
          done++;
          continue;
        }
        AlertSink sink = sinks.get(e.channel());
        if (sink == null) {
          out.println(what + ": skipped, channel " + e.channel() + " is not configured here");
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
      Summary s = new Summary(redriven, failed, skipped, done);
      out.println("redrive: " + s.redriven() + " delivered, " + s.failed() + " still failing, " + s.skipped()
          + " skipped, " + s.alreadyDelivered() + " already delivered");
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
