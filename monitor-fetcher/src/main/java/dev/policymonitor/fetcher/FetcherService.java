package dev.policymonitor.fetcher;

import dev.policymonitor.fetcher.render.RenderRouter;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import dev.policymonitor.runtime.LogContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Over 300 lines because tracking, pausing and the check itself share one schedule and one table of documents.
 *
 * <p>Checks each tracked document on its interval (with jitter) and publishes what it finds: a snapshot when the
 * content is new (its digest is not the one of the newest known snapshot, live or Wayback), a fetch error when the
 * check failed, nothing but a metric when the page is unchanged or 304 (the fetch state is written then only when
 * the page's validators moved). Documents are added and removed while
 * running, as the consumer group hands partitions of {@code policy-targets} to this instance.
 */
public final class FetcherService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FetcherService.class);

  private final PoliteFetcher fetcher;
  private final SnapshotSink sink;
  private final FetchStateStore state;
  private final FetcherMetrics metrics;
  private final FetcherConfig config;
  private final Clock clock;
  private final Consumer<String> console;
  private final FirstSightListener firstSight;
  private final RenderRouter render;
  private final Map<PolicyKey, Tracked> tracked = new ConcurrentHashMap<>();
  private final Set<PolicyKey> paused = ConcurrentHashMap.newKeySet();
  private final CheckScheduler scheduler;
  private volatile boolean closed;

  /** One tracked document; a new instance per (re)track, so a stale timer never runs a removed document. */
  private record Tracked(Target target) {}

  public FetcherService(PoliteFetcher fetcher, SnapshotSink sink, FetchStateStore state, FetcherMetrics metrics,
      FetcherConfig config, Clock clock, Consumer<String> console) {
    this(fetcher, sink, state, metrics, config, clock, console, FirstSightListener.NONE);
  }

  /**
   * @param firstSight told, before its first check, of every document this fetcher has never seen (no known
   *     snapshot digest in the fetch state), and when a document stops being polled here
   */
  public FetcherService(PoliteFetcher fetcher, SnapshotSink sink, FetchStateStore state, FetcherMetrics metrics,
      FetcherConfig config, Clock clock, Consumer<String> console, FirstSightListener firstSight) {
    this(fetcher, sink, state, metrics, config, clock, console, firstSight, RenderRouter.withoutBrowser(state, clock),
        CheckScheduler.threads(config.workers()));
  }

  /** @param scheduler when and where checks run (closed with this service) */
  public FetcherService(PoliteFetcher fetcher, SnapshotSink sink, FetchStateStore state, FetcherMetrics metrics,
      FetcherConfig config, Clock clock, Consumer<String> console, FirstSightListener firstSight,
      CheckScheduler scheduler) {
    this(fetcher, sink, state, metrics, config, clock, console, firstSight, RenderRouter.withoutBrowser(state, clock),
        scheduler);
  }

  /** @param render decides which documents are rendered in the headless browser (declared, or by the fallback) */
  public FetcherService(PoliteFetcher fetcher, SnapshotSink sink, FetchStateStore state, FetcherMetrics metrics,
      FetcherConfig config, Clock clock, Consumer<String> console, FirstSightListener firstSight,
      RenderRouter render) {
    this(fetcher, sink, state, metrics, config, clock, console, firstSight, render,
        CheckScheduler.threads(config.workers()));
  }

  /**
   * @param render decides which documents are rendered in the headless browser (declared, or by the fallback)
   * @param scheduler when and where checks run (closed with this service)
   */
  public FetcherService(PoliteFetcher fetcher, SnapshotSink sink, FetchStateStore state, FetcherMetrics metrics,
      FetcherConfig config, Clock clock, Consumer<String> console, FirstSightListener firstSight,
      RenderRouter render, CheckScheduler scheduler) {
    this.fetcher = fetcher;
    this.render = render;
    this.sink = sink;
    this.state = state;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
    this.console = console;
    this.firstSight = firstSight;
    this.scheduler = scheduler;
    metrics.trackedBy(tracked::size);
  }

  /**
   * Why {@code target} cannot be polled (a poll interval that is not positive, a URL without an http(s) host), or
   * empty when it can. A target read from {@code policy-targets} is input like any other: one bad record must not
   * stop the others.
   */
  public static Optional<String> unpollable(Target target) {
    if (target.pollInterval().isNegative() || target.pollInterval().isZero()) {
      return Optional.of("poll interval " + target.pollInterval() + " is not positive");
    }
    try {
      URI url = new URI(target.url());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        return Optional.of("URL " + target.url() + " is not an http(s) URL with a host");
      }
    } catch (java.net.URISyntaxException e) {
      return Optional.of("URL " + target.url() + " is not a URL: " + e.getReason());
    }
    return Optional.empty();
  }

  /**
   * Starts (or restarts, when the target changed) polling one document; the first check comes soon. A paused
   * document ({@link dev.policymonitor.model.DocumentDeclaration#pollingPaused()}) stays assigned here but is not
   * polled until a later target resumes it.
   *
   * @throws IllegalArgumentException when the target cannot be polled ({@link #unpollable}); nothing changes then
   */
  public void track(Target target) {
    unpollable(target).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    if (target.declaration().pollingPaused()) {
      pause(target.key());
      return;
    }
    paused.remove(target.key());
    Tracked previous = tracked.get(target.key());
    if (previous != null && previous.target().equals(target)) {
      return;
    }
    if (target.pollInterval().isNegative() || target.pollInterval().isZero()) {
      // Vendors files and vendors add refuse this; a target written otherwise must not stop the others' polling.
      LOG.error("vendor={} document={} not polled: its poll interval {} is not positive", target.vendor(),
          target.declaration().type(), target.pollInterval());
      return;
    }
    Tracked t = new Tracked(target);
    if (previous == null && state.get(target.key()).digests().isEmpty()) {
      // Decided before the first check, which would add the live page's digest.
      firstSight.firstSight(target);
    }
    tracked.put(target.key(), t);
    metrics.tracking(target.key());
    console.accept("tracking " + target.key() + " " + target.url() + " every " + target.pollInterval());
    long firstMs = ThreadLocalRandom.current().nextLong(1 + Math.min(target.pollInterval().toMillis(), 1000) / 4);
    schedule(t, Duration.ofMillis(firstMs));
  }

  /**
   * A target of {@code policy-targets} that cannot be polled ({@code why}): counted, and, when nothing was polled
   * for the document yet, its freshness runs from now, so that a document tracked but never checked turns stale
   * (what was polled for it before keeps being polled).
   */
  public void rejected(Target target, String why) {
    metrics.rejected();
    if (!tracked.containsKey(target.key())) {
      metrics.tracking(target.key());
    }
    LOG.warn("vendor={} document={} target not polled: {}{}", target.vendor(), target.key().document(), why,
        tracked.containsKey(target.key()) ? "; polling the previous target of the document" : "");
  }

  /** A record of {@code policy-targets} that could not be read at all: counted. */
  public void rejectedRecord() {
    metrics.rejected();
  }

  private void pause(PolicyKey key) {
    boolean wasPolled = tracked.remove(key) != null;
    if (wasPolled) {
      firstSight.forgotten(key);
      metrics.untracked(key);
    }
    if (paused.add(key) || wasPolled) {
      console.accept("paused " + key + ": tracked, not polled");
      LOG.info("vendor={} document={} paused: tracked, not polled", key.vendor(), key.document());
    }
  }

  /** Stops polling one document (a check in flight finishes but is not rescheduled). */
  public void untrack(PolicyKey key) {
    paused.remove(key);
    if (tracked.remove(key) != null) {
      firstSight.forgotten(key);
      metrics.untracked(key);
      LOG.info("vendor={} document={} no longer polled by this instance", key.vendor(), key.document());
    }
  }

  /** Whether checks still run ({@code fetcher.scheduler}). */
  public dev.policymonitor.runtime.health.HealthIndicator health() {
    return scheduler.health();
  }

  /** The documents polled here. */
  public Set<PolicyKey> tracked() {
    return Set.copyOf(tracked.keySet());
  }

  /** The documents assigned here that are paused (not polled). */
  public Set<PolicyKey> paused() {
    return Set.copyOf(paused);
  }

  private void schedule(Tracked t, Duration delay) {
    scheduler.schedule(() -> run(t), delay);
  }

  private void run(Tracked t) {
    if (tracked.get(t.target().key()) != t) {
      return;
    }
    try (LogContext ignored = LogContext.of(t.target().key())) {
      runInContext(t);
    }
  }

  private void runInContext(Tracked t) {
    long wait = fetcher.limiter().tryAcquire(t.target().host());
    if (wait > 0) {
      schedule(t, Duration.ofNanos(wait));
      return;
    }
    Duration next = withJitter(t.target().pollInterval());
    try {
      FetchResult result = check(t.target(), true);
      if (result instanceof FetchResult.Failed f && f.retryAfter() != null && f.retryAfter().compareTo(next) > 0) {
        next = f.retryAfter();
      }
    } catch (RuntimeException e) {
      if (closed || interrupted(e)) {
        Thread.currentThread().interrupt();
        LOG.info("vendor={} document={} check interrupted: the fetcher is stopping", t.target().vendor(),
            t.target().declaration().type());
        return;
      }
      LOG.error("vendor={} document={} check failed unexpectedly: {}", t.target().vendor(),
          t.target().declaration().type(), e.toString(), e);
    } finally {
      if (tracked.get(t.target().key()) == t) {
        schedule(t, next);
      }
    }
  }

  /** Whether {@code e} is an interruption (of a retry wait, of a publish): the thread is being stopped. */
  private static boolean interrupted(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InterruptedException || c instanceof java.io.InterruptedIOException
          && !(c instanceof java.net.SocketTimeoutException)) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }

  /** Checks one document once, now, and publishes what is new. */
  public FetchResult check(Target t) {
    return check(t, false);
  }

  private FetchResult check(Target t, boolean tokenTaken) {
    try (LogContext ignored = LogContext.of(t.key())) {
      return checkInContext(t, tokenTaken);
    }
  }

  private FetchResult checkInContext(Target t, boolean tokenTaken) {
    PolicyKey key = t.key();
    Instant started = clock.instant();
    FetchState known = state.get(key);
    FetchResult result = render.fetch(t, known, tokenTaken, () -> fetcher.fetch(t, known.validators(), tokenTaken));
    Duration took = Duration.between(started, clock.instant());
    if (result instanceof FetchResult.Fetched f) {
      metrics.bytes(f.snapshot().body().length);
      String digest = f.snapshot().digest();
      if (digest.equals(known.latestDigest())) {
        // The same bytes again: the state is written only when the validators moved (as on a 304), so an
        // unchanged page costs its HTTP exchange and a digest, and no Kafka write.
        if (!f.validators().equals(known.validators())) {
          state.update(key, s -> s.withValidators(f.validators()));
        }
        metrics.check(key, FetcherMetrics.UNCHANGED, took);
        LOG.debug("vendor={} document={} unchanged ({})", t.vendor(), key.document(), digest);
        return new FetchResult.NotModified(f.snapshot().url(), f.validators());
      }
      sink.publish(f.snapshot());
      state.update(key, s -> s.withValidators(f.validators()).withDigest(f.snapshot().capturedAt(), digest,
          SnapshotSource.LIVE));
      metrics.published(SnapshotSource.LIVE);
      metrics.check(key, FetcherMetrics.FETCHED, took);
      LOG.info("vendor={} document={} snapshot {} published from {}", t.vendor(), key.document(), digest,
          f.snapshot().url());
    } else if (result instanceof FetchResult.NotModified n) {
      if (!n.validators().equals(known.validators())) {
        state.update(key, s -> s.withValidators(n.validators()));
      }
      metrics.check(key, FetcherMetrics.NOT_MODIFIED, took);
      LOG.debug("vendor={} document={} not modified", t.vendor(), key.document());
    } else if (result instanceof FetchResult.Failed e) {
      if (closed) {
        // cut short by the shutdown: not a failure of the site
        LOG.info("vendor={} document={} check interrupted: the fetcher is stopping", t.vendor(), key.document());
        return result;
      }
      sink.publish(e.error());
      metrics.error(key, e.error().kind().wire());
      metrics.check(key, FetcherMetrics.FAILED, took);
      LOG.warn("vendor={} document={} fetch failed after {} attempt(s): {} {}", t.vendor(), key.document(),
          e.error().attempts(), e.error().kind().wire(), e.error().message());
    }
    return result;
  }

  private Duration withJitter(Duration interval) {
    long ms = Math.max(1, interval.toMillis());
    long spread = Math.max(1, (long) (ms * config.jitter() / 2));
    return Duration.ofMillis(Math.max(1, ms + ThreadLocalRandom.current().nextLong(-spread, spread + 1)));
  }

  @Override
  public void close() {
    closed = true;
    scheduler.close();
    tracked.clear();
    paused.clear();
  }
}
