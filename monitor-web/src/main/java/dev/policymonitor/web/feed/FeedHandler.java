package dev.policymonitor.web.feed;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.KindsParam;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.RequestParams.BadRequest;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Atom feeds of changes, for feed readers:
 * <pre>
 * GET /feeds/changes.atom?kinds=&amp;size=       every vendor's changes
 * GET /feeds/{vendor}.atom?kinds=&amp;size=      one vendor's changes
 * </pre>
 * By default the kinds alerts route by default ({@link ChangeKind#NOTIFIED_BY_DEFAULT}: not {@code first},
 * {@code historical} or {@code technical-upgrade}); {@code kinds=first,changed} or {@code kinds=all} ask for others.
 * A feed reader authenticates with a feed token in the URL ({@code ?token=}, see docs/security.md); the feed's own
 * links never carry it.
 */
public final class FeedHandler implements WebHandler {
  static final String ALL = "changes";
  static final String SUFFIX = ".atom";

  private final RecentChanges recent;
  private final URI publicUrl;
  private final Clock clock;

  /** @param publicUrl the URL users open the page at; null to use the address each request names */
  public FeedHandler(RecentChanges recent, URI publicUrl, Clock clock) {
    this.recent = recent;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    RequestParams params = RequestParams.of(exchange.getRequestURI());
    List<String> path = params.segments();
    if (path.size() != 2 || !path.get(1).endsWith(SUFFIX) || path.get(1).length() == SUFFIX.length()) {
      HttpResponses.error(exchange, 404, "no such feed: the feeds are /feeds/changes.atom and /feeds/{vendor}.atom");
      return;
    }
    String name = path.get(1).substring(0, path.get(1).length() - SUFFIX.length());
    String vendor = name.equals(ALL) ? vendor(params.get("vendor")) : vendor(name);
    Set<ChangeKind> kinds = kinds(params);
    int size = params.number("size", RecentChanges.DEFAULT_SIZE, 1, RecentChanges.MAX_SIZE);
    List<Change> changes = recent.latest(exchange, vendor, kinds, size);
    String base = base(exchange);
    String self = base + "/feeds/" + path.get(1) + selfQuery(params, vendor, name);
    String title = "policy-monitor: " + (vendor == null ? "policy changes" : vendor + " policy changes")
        + (kinds.equals(ChangeKind.NOTIFIED_BY_DEFAULT) ? "" : " (" + kindList(kinds) + ")");
    String page = vendor == null ? base + "/#/" : base + "/#/?vendor=" + vendor;
    byte[] feed = AtomFeed.write(self, title, self, page, base, changes, clock.instant());
    HttpResponses.send(exchange, 200, "application/atom+xml; charset=utf-8", feed);
  }

  /** The web page's root: the public URL when configured, else the scheme and address of the request. */
  private String base(WebExchange exchange) {
    if (publicUrl != null) {
      return publicUrl.toString().replaceAll("/+$", "");
    }
    return (exchange.isSecure() ? "https" : "http") + "://" + exchange.authority();
  }

  /** The parameters that make this feed what it is, never the token. */
  private static String selfQuery(RequestParams params, String vendor, String name) {
    StringBuilder q = new StringBuilder();
    if (params.get("kinds") != null) {
      q.append("kinds=").append(params.get("kinds").equals("all") ? "all"
          : kindList(KindsParam.read(params, ChangeKind.NOTIFIED_BY_DEFAULT)));
    }
    if (name.equals(ALL) && vendor != null) {
      q.append(q.length() == 0 ? "" : "&").append("vendor=").append(vendor);
    }
    if (params.get("size") != null) {
      q.append(q.length() == 0 ? "" : "&").append("size=").append(params.number("size", 0, 1,
          RecentChanges.MAX_SIZE));
    }
    return q.length() == 0 ? "" : "?" + q;
  }

  private static String kindList(Set<ChangeKind> kinds) {
    return kinds.stream().map(ChangeKind::wire).sorted().collect(Collectors.joining(","));
  }

  static Set<ChangeKind> kinds(RequestParams params) {
    return KindsParam.read(params, ChangeKind.NOTIFIED_BY_DEFAULT);
  }

  /** A vendor id, checked; null stays null. */
  static String vendor(String id) {
    if (id != null && !PolicyKey.validId(id)) {
      throw new BadRequest("a vendor id is lower-case letters, digits, '.', '_' or '-': "
          + id.replaceAll("\\p{Cntrl}", "?"));
    }
    return id;
  }
}
