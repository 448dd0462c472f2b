package dev.policymonitor.web.feed;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.http.RequestParams;
import dev.policymonitor.web.http.WebExchange;
import dev.policymonitor.web.http.WebHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/changes?kinds=&vendor=&size=}: the latest changes across documents, newest detected first, each a
 * whole change event (the feeds' data; {@code kinds} defaults to those alerts route by default).
 */
public final class RecentChangesHandler implements WebHandler {
  private final RecentChanges recent;

  public RecentChangesHandler(RecentChanges recent) {
    this.recent = recent;
  }

  @Override
  public void handle(WebExchange exchange) throws IOException {
    RequestParams params = RequestParams.of(exchange.getRequestURI());
    Set<ChangeKind> kinds = FeedHandler.kinds(params);
    String vendor = FeedHandler.vendor(params.get("vendor"));
    int size = params.number("size", RecentChanges.DEFAULT_SIZE, 1, RecentChanges.MAX_SIZE);
    List<Change> items = recent.latest(exchange, vendor, kinds, size);
    HttpResponses.json(exchange, 200, Map.of("items", items, "size", size));
  }
}
