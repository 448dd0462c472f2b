package dev.policymonitor.fetcher;

import dev.policymonitor.model.Target;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each tracked document on its interval and publishes what it finds: a snapshot when the content
 * is new, a fetch error when the check failed, nothing when the page did not change.
 */
public final class FetcherService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FetcherService.class);

  private final PolicyFetcher fetcher;
  private final SnapshotPublisher publisher;
  private final Consumer<String> console;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "policy-fetcher");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, String> lastDigest = new HashMap<>();

  public FetcherService(PolicyFetcher fetcher, SnapshotPublisher publisher, Consumer<String> console) {
    this.fetcher = fetcher;
    this.publisher = publisher;
    this.console = console;
  }

  /** Schedules every target: a first check now, then one per poll interval with up to 10 % jitter. */
  public void start(List<Target> targets) {
    for (Target t : targets) {
      console.accept("tracking " + t.key() + " " + t.url() + " every " + t.pollInterval());
      scheduler.schedule(() -> checkAndReschedule(t), 0, TimeUnit.MILLISECONDS);
    }
  }

  private void checkAndReschedule(Target t) {
    try {
      check(t);
    } catch (RuntimeException e) {
      LOG.error("vendor={} document={} check failed: {}", t.vendor(), t.declaration().type(), e.toString());
    } finally {
      if (!scheduler.isShutdown()) {
        scheduler.schedule(() -> checkAndReschedule(t), withJitter(t.pollInterval()).toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Checks one document once. */
  public FetchResult check(Target t) {
    FetchResult result = fetcher.fetch(t);
    if (result instanceof FetchResult.Fetched f) {
      String key = t.key().toString();
      synchronized (lastDigest) {
        if (f.snapshot().digest().equals(lastDigest.get(key))) {
          LOG.debug("vendor={} document={} unchanged", t.vendor(), t.declaration().type());
          return new FetchResult.NotModified(t.url());
        }
        lastDigest.put(key, f.snapshot().digest());
      }
      publisher.publish(f.snapshot());
      LOG.info("vendor={} document={} snapshot {} published", t.vendor(), t.declaration().type(),
          f.snapshot().digest());
    } else if (result instanceof FetchResult.Failed e) {
      publisher.publish(e.error());
      LOG.warn("vendor={} document={} fetch failed: {} {}", t.vendor(), t.declaration().type(),
          e.error().kind().wire(), e.error().message());
    }
    return result;
  }

  private static Duration withJitter(Duration interval) {
    long ms = Math.max(1, interval.toMillis());
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(Math.max(1, ms / 10)));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
