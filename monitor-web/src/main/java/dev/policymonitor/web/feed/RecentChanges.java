package dev.policymonitor.web.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.web.ChangeScan;
import dev.policymonitor.web.DocumentRelay;
import dev.policymonitor.web.Forwarder;
import dev.policymonitor.web.Guarded.InstanceSilent;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The most recently detected changes of some kinds, across every document (or one vendor's), from every instance:
 * what the feeds list. Each instance reads its own documents ({@link ChangeScan}); the one asked merges them.
 */
public final class RecentChanges {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 200;

  private final ChangeScan scan;
  private final DocumentRelay relay;

  public RecentChanges(ChangeScan scan, DocumentRelay relay) {
    this.scan = scan;
    this.relay = relay;
  }

  /**
   * At most {@code size} changes, newest detected first.
   *
   * @param vendor one vendor's changes only; null for every vendor's
   * @throws InstanceSilent when another instance does not answer (the list would be incomplete)
   */
  public List<Change> latest(WebExchange exchange, String vendor, Set<ChangeKind> kinds, int size)
      throws IOException {
    Map<String, Change> byId = new LinkedHashMap<>();
    scan.latest(vendor, e -> kinds.contains(e.kind()), size).forEach(c -> byId.put(c.changeId(), c));
    String query = "/api/changes?size=" + size + "&kinds="
        + kinds.stream().map(ChangeKind::wire).sorted().collect(Collectors.joining(","))
        + (vendor == null ? "" : "&vendor=" + vendor);
    for (URI other : relay.others(exchange)) {
      Forwarder.Response r;
      try {
        r = relay.ask(other, query);
      } catch (IOException e) {
        throw new InstanceSilent("instance " + other + " did not answer; the list of changes would be incomplete");
      }
      if (r.status() != 200) {
        throw new InstanceSilent("instance " + other + " answered " + r.status()
            + "; the list of changes would be incomplete");
      }
      JsonNode items = Json.mapper().readTree(r.body()).path("items");
      for (JsonNode item : items) {
        Change c = Json.mapper().treeToValue(item, Change.class);
        byId.putIfAbsent(c.changeId(), c);
      }
    }
    List<Change> all = new ArrayList<>(byId.values());
    all.sort(ChangeScan.NEWEST_CHANGE_FIRST);
    return all.size() > size ? all.subList(0, size) : all;
  }
}
