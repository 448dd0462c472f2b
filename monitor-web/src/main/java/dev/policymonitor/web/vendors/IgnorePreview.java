package dev.policymonitor.web.vendors;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.IgnoreRule;
import dev.policymonitor.model.IgnoreRules;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.streams.query.TimelineEntry;
import dev.policymonitor.web.HttpResponses;
import dev.policymonitor.web.QueryFilter;
import dev.policymonitor.web.QueryService;
import dev.policymonitor.web.http.WebExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What ignore rules would have hidden: {@code GET /api/vendors/{vendor}/{document}/ignore-preview?text=&regex=}
 * runs the rules over the document's kept changes (the timeline, up to its 500 newest) on the instance that holds
 * them, with the same matcher change detection uses ({@link IgnoreRules}), and lists the changes they would have
 * silenced, saying which of them were alerted.
 */
final class IgnorePreview {
  /** Most rules one preview runs. */
  static final int MAX_RULES = 20;
  static final int TIMELINE = 500;
  private static final int EXAMPLES = 3;
  private static final Set<ChangeKind> WITH_SENTENCES = Set.of(ChangeKind.CHANGED, ChangeKind.COSMETIC,
      ChangeKind.REVERTED, ChangeKind.HISTORICAL);
  private static final Set<ChangeKind> ALERTED_KINDS = Set.of(ChangeKind.CHANGED, ChangeKind.COSMETIC,
      ChangeKind.REVERTED);

  private final QueryService queries;
  private final Relay owner;

  IgnorePreview(QueryService queries, Relay owner) {
    this.queries = queries;
    this.owner = owner;
  }

  /**
   * One change the rules would silence.
   *
   * @param alerted true when the default routes alerted it (a live changed, cosmetic or reverted change)
   * @param examples some of its sentences
   */
  record Silenced(String changeId, ChangeKind kind, Severity severity, Instant capturedAt, List<ChangeFlag> flags,
      boolean alerted, int sentences, List<String> examples) {}

  /**
   * @param checked changes with sentences that were judged
   * @param silenced those every sentence of which a rule matches, newest first
   * @param silencedAlerts how many of them were alerted
   */
  record Answer(String key, List<IgnoreRule> rules, int checked, int silencedAlerts, List<Silenced> silenced) {}

  void handle(WebExchange exchange, PolicyKey key, Map<String, List<String>> query) throws IOException {
    IgnoreRules rules = rules(query);
    if (owner.forwarded(exchange, key)) {
      return;
    }
    List<TimelineEntry> entries = queries.timeline(key.toString(), QueryFilter.NONE, 0, TIMELINE).items();
    int checked = 0;
    int alerts = 0;
    List<Silenced> silenced = new ArrayList<>();
    for (TimelineEntry e : entries) {
      if (!WITH_SENTENCES.contains(e.kind())) {
        continue;
      }
      Optional<Change> change = queries.change(e.changeId());
      if (change.isEmpty()) {
        continue;
      }
      checked++;
      Change c = change.get();
      Optional<IgnoreRules.Silenced> s = rules.silencing(c);
      if (s.isPresent()) {
        boolean alerted = alerted(c);
        alerts += alerted ? 1 : 0;
        silenced.add(new Silenced(c.changeId(), c.kind(), c.severity(), c.capturedAt(), c.flags(), alerted,
            s.get().sentences(), examples(c)));
      }
    }
    HttpResponses.json(exchange, 200, new Answer(key.toString(), rules.rules(), checked, alerts, silenced));
  }

  /** The rules of the query, each checked as the vendors file checks it. */
  static IgnoreRules rules(Map<String, List<String>> query) {
    List<IgnoreRule> rules = new ArrayList<>();
    query.getOrDefault("text", List.of()).stream().filter(t -> !t.isBlank()).forEach(t -> rules.add(IgnoreRule.text(t)));
    query.getOrDefault("regex", List.of()).stream().filter(r -> !r.isBlank())
        .forEach(r -> rules.add(IgnoreRule.regex(r)));
    if (rules.isEmpty()) {
      throw new BadInput("give at least one rule: text=... (a literal) or regex=...", "ignore");
    }
    if (rules.size() > MAX_RULES) {
      throw new BadInput("at most " + MAX_RULES + " rules at once", "ignore");
    }
    for (int i = 0; i < rules.size(); i++) {
      try {
        rules.get(i).validate();
      } catch (IllegalArgumentException e) {
        throw new BadInput(VendorRequests.ORIGIN + ": ignore[" + i + "]: " + e.getMessage(), "ignore[" + i + "]");
      }
    }
    return new IgnoreRules(rules);
  }

  private static boolean alerted(Change c) {
    return ALERTED_KINDS.contains(c.kind()) && !c.hasFlag(ChangeFlag.HISTORICAL) && !c.hasFlag(ChangeFlag.IGNORED)
        && (c.source() == null || c.source() == SnapshotSource.LIVE);
  }

  private static List<String> examples(Change c) {
    List<String> all = new ArrayList<>();
    for (Modification m : c.modified()) {
      all.add(m.before() + " → " + m.after());
    }
    all.addAll(c.added());
    all.addAll(c.removed());
    all.addAll(c.moved());
    return all.subList(0, Math.min(EXAMPLES, all.size()));
  }
}
