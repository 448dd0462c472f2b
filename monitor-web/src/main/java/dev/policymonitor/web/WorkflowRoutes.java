package dev.policymonitor.web;

import dev.policymonitor.web.evidence.EvidenceHandler;
import dev.policymonitor.web.evidence.TargetLookup;
import dev.policymonitor.web.feed.FeedHandler;
import dev.policymonitor.web.feed.RecentChanges;
import dev.policymonitor.web.feed.RecentChangesHandler;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.review.ReviewBook;
import dev.policymonitor.web.review.ReviewHandler;
import dev.policymonitor.web.review.ReviewQueueHandler;
import java.net.URI;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The routes of the work done on changes: reviewing them ({@code /api/reviews}), following them by feed
 * ({@code /feeds/}, {@code /api/changes}) and exporting one as evidence ({@code /api/evidence/}). Writes need the
 * editor role; everything else the viewer role (feeds also take feed tokens).
 */
public final class WorkflowRoutes {
  private WorkflowRoutes() {}

  /** The routes for a running streams application whose {@code application.server} is {@code self}. */
  public static Routes forStreams(KafkaStreams streams, HostInfo self, InstanceCredentials credentials,
      ReviewBook reviews, URI publicUrl, Clock clock) {
    StoreAccess stores = StoreAccess.of(streams);
    return of(stores, TargetLookup.of(stores), new StreamsInstanceRouter(streams, self),
        new Forwarder(WebRoutes.FORWARD_TIMEOUT, credentials), reviews, publicUrl, clock);
  }

  /**
   * @param publicUrl the address users open the page at (links in feeds and evidence files); null to take the
   *     address each request names
   */
  public static Routes of(StoreAccess stores, TargetLookup targets, InstanceRouter router, Forwarder forwarder,
      ReviewBook reviews, URI publicUrl, Clock clock) {
    QueryService queries = new QueryService(stores);
    ChangeScan scan = new ChangeScan(stores);
    DocumentRelay relay = new DocumentRelay(router, forwarder);
    ReviewHandler review = new ReviewHandler(reviews, queries, relay);
    RecentChanges recent = new RecentChanges(scan, relay);
    return Routes.builder()
        .get("/api/reviews", Role.VIEWER, Guarded.of(new ReviewQueueHandler(reviews, scan, relay)))
        .get("/api/reviews/", Role.VIEWER, Guarded.of(review))
        .write("POST", "/api/reviews/", Role.EDITOR, Guarded.of(review))
        .get("/api/changes", Role.VIEWER, Guarded.of(new RecentChangesHandler(recent)))
        .get("/api/evidence/", Role.VIEWER, Guarded.of(new EvidenceHandler(queries, targets, reviews, relay,
            publicUrl, clock)))
        .feed("/feeds/", Guarded.of(new FeedHandler(recent, publicUrl, clock)))
        .build();
  }
}
