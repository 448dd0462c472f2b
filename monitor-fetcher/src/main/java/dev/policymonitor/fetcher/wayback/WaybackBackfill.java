package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.fetcher.FetchState;
import dev.policymonitor.fetcher.FetchStateStore;
import dev.policymonitor.fetcher.FetcherMetrics;
import dev.policymonitor.fetcher.SnapshotSink;
import dev.policymonitor.fetcher.http.CharsetResolver;
import dev.policymonitor.fetcher.http.ContentTypes;
import dev.policymonitor.model.FetchError;
import dev.policymonitor.model.FetchErrorKind;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.Target;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills the Wayback history of tracked documents into {@code policy-snapshots}: lists captures page by page
 * (CDX, oldest first), downloads only captures whose digest is new for the document, and publishes them with
 * {@code source=wayback} and captured-at = the CDX timestamp, in captured-at order. Progress is saved after every
 * capture, so a restart continues where it stopped.
 */
public final class WaybackBackfill {
  /** Outcomes reported to the listener. */
  public static final String PUBLISHED = "published";
  public static final String DUPLICATE = "duplicate";
  public static final String FAILED = "failed";

  private static final Logger LOG = LoggerFactory.getLogger(WaybackBackfill.class);

  private final WaybackClient client;
  private final WaybackBudget budget;
  private final WaybackConfig config;
  private final SnapshotSink sink;
  private final FetchStateStore state;
  private final BackfillProgress progress;
  private final FetcherMetrics metrics;
  private final Clock clock;

  public WaybackBackfill(WaybackClient client, WaybackBudget budget, WaybackConfig config, SnapshotSink sink,
      FetchStateStore state, BackfillProgress progress, FetcherMetrics metrics, Clock clock) {
    this.client = client;
    this.budget = budget;
    this.config = config;
    this.sink = sink;
    this.state = state;
    this.progress = progress;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One listed capture, and whether its digest is already known (then it is not downloaded). */
  private record Planned(CdxRow row, boolean duplicate) {}

  /** Counters of one run, across documents. */
  private static final class Tally {
    int found;
    int published;
    int duplicates;
    int errors;
    final Set<String> digests = new HashSet<>();
  }

  /**
   * Backfills every target, one after the other.
   *
   * @param from inclusive yyyyMMdd[HHmmss] or null
   * @param to inclusive yyyyMMdd[HHmmss] or null
   */
  public BackfillSummary run(List<Target> targets, String from, String to, BackfillListener listener)
      throws InterruptedException {
    Instant started = clock.instant();
    long cdx0 = budget.granted(WaybackBudget.Endpoint.CDX);
    long content0 = budget.granted(WaybackBudget.Endpoint.CONTENT);
    Tally tally = new Tally();
    ExecutorService downloads = Executors.newFixedThreadPool(config.downloads(), r -> {
      Thread th = new Thread(r, "wayback-download");
      th.setDaemon(true);
      return th;
    });
    try {
      for (Target t : targets) {
        listener.documentStarted(t);
        backfill(t, from, to, listener, tally, downloads);
      }
    } finally {
      downloads.shutdownNow();
    }
    Duration elapsed = Duration.between(started, clock.instant());
    return new BackfillSummary(targets.size(), tally.found, tally.digests.size(), tally.published, tally.duplicates,
        tally.errors, elapsed, budget.granted(WaybackBudget.Endpoint.CDX) - cdx0,
        budget.achievedPerSecond(WaybackBudget.Endpoint.CDX) * 60, config.cdxPerMinute(),
        budget.granted(WaybackBudget.Endpoint.CONTENT) - content0,
        budget.achievedPerSecond(WaybackBudget.Endpoint.CONTENT), config.contentPerSecond());
  }

  private void backfill(Target t, String from, String to, BackfillListener listener, Tally tally,
      ExecutorService downloads) throws InterruptedException {
    String key = t.key().toString();
    String query = t.url() + "|" + (from == null ? "" : from) + "|" + (to == null ? "" : to);
    BackfillProgress.Document doc = progress.get(key);
    if (doc == null) {
      doc = new BackfillProgress.Document(query, null, null, List.of());
    } else if (!query.equals(doc.query())) {
      // Another URL or range: list it all again; digests already published are still skipped (fetch state).
      doc = new BackfillProgress.Document(query, null, null, doc.failed());
    }
    Set<String> seen = new HashSet<>();
    doc = retryFailed(t, doc, listener, tally, seen, downloads);
    progress.put(key, doc);
    // Listing restarts at the saved resume key, or (after a finished run) at the newest capture handled.
    String effectiveFrom = from;
    if (doc.resumeKey() == null && doc.lastTimestamp() != null
        && (from == null || doc.lastTimestamp().compareTo(pad(from)) > 0)) {
      effectiveFrom = doc.lastTimestamp();
    }
    String resumeKey = doc.resumeKey();
    while (true) {
      CdxPage page;
      try {
        page = client.cdx(t.url(), effectiveFrom, to, resumeKey);
      } catch (IOException e) {
        tally.errors++;
        error(t, e);
        LOG.warn("vendor={} document={} CDX listing failed, resume later: {}", t.vendor(), t.declaration().type(),
            e.getMessage());
        return;
      }
      List<CdxRow> rows = page.rows();
      listener.listed(t, rows.size());
      // Downloads of new digests start at once (in parallel, within the content budget); results are
      // published strictly in captured-at order, and progress only ever moves past handled captures.
      List<Planned> plan = new ArrayList<>();
      for (CdxRow row : rows) {
        if (doc.lastTimestamp() != null && row.timestamp().compareTo(doc.lastTimestamp()) <= 0) {
          listener.handled(t, row, DUPLICATE);
          continue; // handled by an earlier run
        }
        tally.found++;
        tally.digests.add(row.digest());
        boolean duplicate = seen.contains(row.digest()) || state.get(t.key()).knows(row.digest());
        if (!duplicate) {
          seen.add(row.digest());
        }
        plan.add(new Planned(row, duplicate));
      }
      // A bounded look-ahead: at most 2 x downloads captures are held in memory waiting for their turn.
      int window = 2 * config.downloads();
      List<Future<WaybackClient.Capture>> futures = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        while (futures.size() < plan.size() && futures.size() < i + window) {
          Planned next = plan.get(futures.size());
          futures.add(next.duplicate() ? null : downloads.submit(() -> client.capture(next.row())));
        }
        Planned p = plan.get(i);
        String outcome = p.duplicate() ? duplicate(tally) : publish(t, p.row(), futures.get(i), tally, seen);
        futures.set(i, null);
        doc = new BackfillProgress.Document(query, resumeKey, p.row().timestamp(), doc.failed());
        if (FAILED.equals(outcome)) {
          doc = BackfillProgress.withFailed(doc, p.row());
        }
        progress.put(key, doc);
        listener.handled(t, p.row(), outcome);
      }
      resumeKey = page.resumeKey();
      doc = new BackfillProgress.Document(query, resumeKey, doc.lastTimestamp(), doc.failed());
      progress.put(key, doc);
      if (resumeKey == null || rows.isEmpty()) {
        return;
      }
    }
  }

  private BackfillProgress.Document retryFailed(Target t, BackfillProgress.Document doc, BackfillListener listener,
      Tally tally, Set<String> seen, ExecutorService downloads) throws InterruptedException {
    if (doc.failed().isEmpty()) {
      return doc;
    }
    listener.listed(t, doc.failed().size());
    BackfillProgress.Document out = new BackfillProgress.Document(doc.query(), doc.resumeKey(), doc.lastTimestamp(),
        List.of());
    for (CdxRow row : doc.failed()) {
      tally.found++;
      tally.digests.add(row.digest());
      String outcome;
      if (seen.contains(row.digest()) || state.get(t.key()).knows(row.digest())) {
        outcome = duplicate(tally);
      } else {
        seen.add(row.digest());
        outcome = publish(t, row, downloads.submit(() -> client.capture(row)), tally, seen);
      }
      if (FAILED.equals(outcome)) {
        out = BackfillProgress.withFailed(out, row);
      }
      listener.handled(t, row, outcome);
    }
    return out;
  }

  private static String duplicate(Tally tally) {
    tally.duplicates++;
    return DUPLICATE;
  }

  /** Waits for one capture's download and publishes it, or records the failure. */
  private String publish(Target t, CdxRow row, Future<WaybackClient.Capture> download, Tally tally, Set<String> seen)
      throws InterruptedException {
    PolicyKey key = t.key();
    WaybackClient.Capture capture;
    try {
      capture = download.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException ie) {
        throw ie;
      }
      IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
      tally.errors++;
      error(t, io);
      LOG.warn("vendor={} document={} capture {} failed: {}", t.vendor(), key.document(), row.timestamp(),
          io.getMessage());
      return FAILED;
    }
    String type = ContentTypes.essence(capture.contentType());
    if (type == null) {
      type = row.mimetype() != null && !row.mimetype().isBlank() ? ContentTypes.essence(row.mimetype())
          : ContentTypes.sniff(capture.body());
    }
    String charset = null;
    if (ContentTypes.isText(type)) {
      MediaType media = capture.contentType() == null ? null : MediaType.parse(capture.contentType());
      String header = media == null ? null : media.parameter("charset");
      charset = CharsetResolver.resolve(header, capture.body());
    }
    Snapshot snapshot = new Snapshot(t.vendor(), key.document(), row.original(), SnapshotSource.WAYBACK,
        row.capturedAt(), clock.instant(), 200, type, charset, null, capture.body());
    if (!snapshot.digest().equals(row.digest())) {
      LOG.debug("vendor={} document={} capture {} digest {} differs from CDX digest {}", t.vendor(), key.document(),
          row.timestamp(), snapshot.digest(), row.digest());
    }
    sink.publish(snapshot);
    seen.add(snapshot.digest());
    // The CDX digest too when it differs (it is what later listings compare), but each digest once.
    state.update(key, known -> {
      FetchState next = known.withDigest(snapshot.capturedAt(), snapshot.digest(), SnapshotSource.WAYBACK);
      return next.knows(row.digest()) ? next
          : next.withDigest(snapshot.capturedAt(), row.digest(), SnapshotSource.WAYBACK);
    });
    metrics.published(SnapshotSource.WAYBACK);
    tally.published++;
    return PUBLISHED;
  }

  private void error(Target t, IOException e) {
    int status = e instanceof WaybackException w ? w.status() : 0;
    FetchErrorKind kind = status == 403 || status == 429 ? FetchErrorKind.BLOCKED
        : status >= 500 ? FetchErrorKind.HTTP_5XX : status >= 400 ? FetchErrorKind.HTTP_4XX
        : status == 200 ? FetchErrorKind.TOO_LARGE : FetchErrorKind.CONNECTION;
    sink.publish(new FetchError(t.vendor(), t.declaration().type(), t.url(), SnapshotSource.WAYBACK, kind, status,
        config.maxAttempts(), kind != FetchErrorKind.HTTP_4XX && kind != FetchErrorKind.TOO_LARGE, e.getMessage(),
        clock.instant()));
  }

  private static String pad(String ts) {
    return (ts + "00000000000000").substring(0, 14);
  }
}
