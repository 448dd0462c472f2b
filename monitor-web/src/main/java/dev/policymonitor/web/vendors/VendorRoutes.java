package dev.policymonitor.web.vendors;

import dev.policymonitor.fetcher.PreviewFetcher;
import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.ExtractionPreview;
import dev.policymonitor.streams.PolicyTopology;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.InstanceRouter;
import dev.policymonitor.web.QueryService;
import dev.policymonitor.web.StoreAccess;
import dev.policymonitor.web.StreamsInstanceRouter;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The routes of vendors from the web (docs/web.md, "Vendors"): reads for viewers, writes for editors (CSRF-checked
 * for browser sessions), replacing the whole list by import for admins.
 *
 * <pre>
 * GET    /api/vendors                                   viewer   every vendor with its documents
 * POST   /api/vendors                                   editor   add a vendor (a vendors-file vendor entry)
 * GET    /api/vendors/{vendor}                          viewer
 * PATCH  /api/vendors/{vendor}                          editor   {"name"} and/or {"paused"} for all its documents
 * DELETE /api/vendors/{vendor}                          editor   untrack all its documents
 * GET    /api/vendors/{vendor}/{document}               viewer
 * PUT    /api/vendors/{vendor}/{document}               editor   add or replace (a vendors-file document entry)
 * PATCH  /api/vendors/{vendor}/{document}               editor   {"paused": true|false}
 * DELETE /api/vendors/{vendor}/{document}               editor   untrack it
 * GET    /api/vendors/{vendor}/{document}/preview       viewer   rules on the stored snapshot
 * GET    /api/vendors/{vendor}/{document}/ignore-preview viewer  ignore rules over the kept changes
 * POST   /api/preview                                   editor   rules on a live fetch of a URL
 * GET    /api/vendors-file                              viewer   export as a vendors YAML file
 * POST   /api/vendors-file?mode=merge|replace&amp;dryRun=   editor (replace: admin)   import a vendors YAML file
 * POST   /api/ota-import?dryRun=                        editor   import an Open Terms Archive declaration
 * </pre>
 */
public final class VendorRoutes {
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  private VendorRoutes() {}

  /**
   * The routes of a running streams application.
   *
   * @param publisher writes policy-targets (the caller closes it)
   * @param previews the preview fetcher, asked at each preview: an in-process fetcher's (sharing its host budget),
   *     else one of this process's own
   */
  public static Routes forStreams(KafkaStreams streams, HostInfo self, InstanceCredentials credentials,
      TargetsPublisher publisher, Supplier<PreviewFetcher> previews, DetectionSettings settings, TargetPolicy policy) {
    StoreAccess stores = StoreAccess.of(streams);
    return of(new KafkaTargetCatalog(stores, publisher), previews, stores, new StreamsInstanceRouter(streams, self),
        new StreamsInstanceRouter(streams, self, PolicyTopology.LATEST_SNAPSHOT_STORE),
        new Forwarder(FORWARD_TIMEOUT, credentials), settings, policy, Clock.systemUTC());
  }

  /**
   * @param queryRouter the owner of a document's query stores (timeline, changes, versions)
   * @param detectorRouter the owner of a document's change-detection stores (its latest snapshot and version)
   * @param policy the fetcher's SSRF guard, which every URL written or previewed here must pass
   */
  public static Routes of(TargetCatalog catalog, Supplier<PreviewFetcher> previews, StoreAccess stores,
      InstanceRouter queryRouter, InstanceRouter detectorRouter, Forwarder forwarder, DetectionSettings settings,
      TargetPolicy policy, Clock clock) {
    VendorRequests requests = new VendorRequests(policy);
    Relay queryOwner = new Relay(queryRouter, forwarder);
    PreviewApi preview = new PreviewApi(previews, new ExtractionPreview(settings), stores, catalog,
        new Relay(detectorRouter, forwarder), new PreviewApi.CurrentText(new QueryService(stores), queryOwner),
        new IgnorePreview(new QueryService(stores), queryOwner), requests);
    VendorsApi vendors = new VendorsApi(catalog, preview, requests, clock);
    VendorsFileApi files = new VendorsFileApi(catalog, requests, clock);
    return Routes.builder()
        .get("/api/vendors", Role.VIEWER, vendors)
        .write("POST", "/api/vendors", Role.EDITOR, vendors)
        .get("/api/vendors/", Role.VIEWER, vendors)
        .write("PUT", "/api/vendors/", Role.EDITOR, vendors)
        .write("PATCH", "/api/vendors/", Role.EDITOR, vendors)
        .write("DELETE", "/api/vendors/", Role.EDITOR, vendors)
        .write("POST", "/api/preview", Role.EDITOR, preview)
        .get("/api/vendors-file", Role.VIEWER, files::handle)
        .write("POST", "/api/vendors-file", Role.EDITOR, files::handle)
        .write("POST", "/api/ota-import", Role.EDITOR, files::handleOta)
        .build();
  }
}
