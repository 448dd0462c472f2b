package dev.policymonitor.model;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline but the fetchers' own state ({@code policy-fetch-state}, declared by the fetcher),
 * with the form of its keys ({@link Topic#key()}); the README's topic table is checked against them.
 *
 * <pre>
 * topic                    key                                     value
 * policy-targets           vendor/document                         Target (compacted; tombstone = untracked)
 * policy-snapshots         vendor/document                         Snapshot (raw bytes, live or Wayback)
 * policy-reprocess         vendor/document                         Snapshot copied by `reprocess` (re-derivation)
 * policy-fetch-errors      vendor/document                         FetchError
 * policy-versions          vendor/document                         Version (compacted: the latest per document)
 * policy-changes           vendor/document                         Change
 * policy-change-events     vendor/document                         CloudEvents 1.0 structured JSON of a Change
 * policy-alerts-dlq        vendor/document, or channel/digest      an alert that could not be delivered
 * policy-alerts-delivered  channel/changeId                        delivery marker (compacted; dedup)
 * policy-alerts-digest     channel/changeId                        a change waiting for its digest (compacted)
 * policy-reviews           vendor/document/changeId                Review: state, assignee, trail (compacted)
 * </pre>
 */
public final class Topics {
  public static final Serde<String> KEY_SERDE = Serdes.String();

  /**
   * The largest record a snapshot topic, or a store holding snapshots or version texts, accepts: 32 MiB. A snapshot
   * ({@link SnapshotSerde}) is its page's bytes and a few hundred bytes more, so the fetcher's default 10 MiB body
   * cap fits three times; snapshots written before the binary form (JSON, the body in Base64: 4/3 of the page, about
   * 14 MiB at the cap) must still be read. Producers, consumers and the embedded broker are sized to it.
   */
  public static final int MAX_RECORD_BYTES = 32 * 1024 * 1024;

  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
  private static final Map<String, String> KEEP = Map.of("retention.ms", "-1");
  /** Keys of the alerts' own topics: one alert of one change on one channel. */
  private static final String ALERT_KEY = "<channel>/<changeId>";

  public static final Topic<String, Target> TARGETS =
      new Topic<>("policy-targets", KEY_SERDE, new JsonSerde<>(Target.class), 6, COMPACTED);
  public static final Topic<String, Snapshot> SNAPSHOTS = new Topic<>("policy-snapshots", KEY_SERDE,
      new SnapshotSerde(), 6,
      Map.of("retention.ms", "-1", "compression.type", "zstd", "max.message.bytes", Integer.toString(MAX_RECORD_BYTES)));
  /**
   * Snapshots to re-derive with the current normalizer ({@code policy-monitor reprocess}): only technical-upgrade
   * events come out of them. Same partitions as {@link #SNAPSHOTS}, since the same processor reads both.
   */
  public static final Topic<String, Snapshot> REPROCESS = new Topic<>("policy-reprocess", KEY_SERDE,
      new SnapshotSerde(), 6,
      Map.of("retention.ms", "604800000", "compression.type", "zstd", "max.message.bytes", Integer.toString(MAX_RECORD_BYTES)));
  public static final Topic<String, FetchError> FETCH_ERRORS =
      new Topic<>("policy-fetch-errors", KEY_SERDE, new JsonSerde<>(FetchError.class), 6, Map.of());
  public static final Topic<String, Version> VERSIONS = new Topic<>("policy-versions", KEY_SERDE,
      new JsonSerde<>(Version.class), 6, Map.of("cleanup.policy", "compact", "max.message.bytes", "16777216"));
  public static final Topic<String, Change> CHANGES =
      new Topic<>("policy-changes", KEY_SERDE, new JsonSerde<>(Change.class), 6, KEEP);

  /** Change events as CloudEvents 1.0 structured JSON, for other teams' consumers. */
  public static final Topic<String, String> CHANGE_EVENTS =
      new Topic<>("policy-change-events", KEY_SERDE, Serdes.String(), 6, KEEP);
  /** Alerts that could not be delivered after bounded retries, as JSON with the error; re-drivable. */
  public static final Topic<String, String> ALERTS_DLQ =
      new Topic<>("policy-alerts-dlq", KEY_SERDE, Serdes.String(), 1, KEEP,
          Topic.DOCUMENT_KEY + ", or <channel>/digest");

  /** Which alert was delivered on which channel, keyed {@code <channel>/<changeId>}: the alerts' dedup state. */
  public static final Topic<String, String> ALERTS_DELIVERED =
      new Topic<>("policy-alerts-delivered", KEY_SERDE, Serdes.String(), 3, COMPACTED, ALERT_KEY);
  /** Changes waiting for a channel's hourly or daily digest, keyed {@code <channel>/<changeId>}. */
  public static final Topic<String, String> ALERTS_DIGEST =
      new Topic<>("policy-alerts-digest", KEY_SERDE, Serdes.String(), 1,
          Map.of("cleanup.policy", "compact", "max.message.bytes", "16777216"), ALERT_KEY);

  /**
   * The review of each change (state, assignee, the trail of who did what and when), keyed
   * {@code <vendor>/<document>/<changeId>}: written by the web API, read by the web page, the alerts' digests and
   * other teams. Compacted: the latest record of a key holds the whole trail.
   */
  public static final Topic<String, Review> REVIEWS = new Topic<>("policy-reviews", KEY_SERDE,
      new JsonSerde<>(Review.class), 3, COMPACTED, "<vendor>/<document>/<changeId>");

  /** Every topic the services need, created at startup when missing. */
  public static final List<Topic<?, ?>> ALL = List.of(TARGETS, SNAPSHOTS, REPROCESS, FETCH_ERRORS, VERSIONS,
      CHANGES, CHANGE_EVENTS, ALERTS_DLQ, ALERTS_DELIVERED, ALERTS_DIGEST, REVIEWS);


  private Topics() {}
}
