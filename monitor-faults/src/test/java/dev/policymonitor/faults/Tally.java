package dev.policymonitor.faults;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Version;
import dev.policymonitor.testing.RecordingHttpEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run produced, against what the site did: every numbered clause needs exactly one {@code changed} event that
 * adds it alone, every document exactly one {@code first}, every {@code changed} event exactly one webhook delivery
 * (by its {@code X-Policy-Monitor-Delivery} id, as a receiver deduplicates: a re-send of the same id after a kill
 * between the webhook's answer and the delivery marker, the window docs/alerts.md documents, is counted apart), and
 * every document a version for each of its states, each once.
 */
record Tally(int changes, int alerts, int lostEdits, int duplicateEvents, int spuriousEvents, int firstProblems,
    int lostAlerts, int duplicateAlerts, int resentAlerts, int missingVersions, int duplicateVersions,
    List<String> examples) {

  static Tally of(int documents, int edits, List<Change> events, List<Version> versions,
      List<RecordingHttpEndpoint.Request> deliveries) {
    List<String> examples = new ArrayList<>();
    Map<Integer, Integer> perClause = new HashMap<>();
    Map<Integer, Integer> firsts = new HashMap<>();
    int spurious = 0;
    int changes = 0;
    Set<String> changeIds = new HashSet<>();
    for (Change c : events) {
      int document = PipelineLedger.document(c.key());
      if (c.kind() == ChangeKind.FIRST) {
        firsts.merge(document, 1, Integer::sum);
      } else if (c.kind() == ChangeKind.CHANGED) {
        changes++;
        changeIds.add(c.changeId());
        Set<Integer> clauses = NumberedSite.clausesIn(String.join("\n", c.added()));
        if (clauses.size() == 1 && c.removed().isEmpty() && c.modified().isEmpty()) {
          perClause.merge(clauses.iterator().next(), 1, Integer::sum);
        } else if (clauses.isEmpty()) {
          spurious++;
          example(examples, "changed event adding no clause: " + c.key() + " " + c.changeId());
        } else {
          // several edits in one event: none of them had its own event (counted as lost below)
          example(examples, "one event for several edits " + clauses + ": " + c.changeId());
        }
      } else {
        spurious++;
        example(examples, c.kind() + " event " + c.key() + " " + c.changeId());
      }
    }
    int lostEdits = 0;
    int duplicateEvents = 0;
    int firstProblems = 0;
    int missingVersions = 0;
    int duplicateVersions = 0;
    Map<String, Map<Integer, Integer>> versionStates = new HashMap<>();
    for (Version v : versions) {
      versionStates.computeIfAbsent(v.key(), k -> new HashMap<>())
          .merge(NumberedSite.clausesIn(v.text()).size(), 1, Integer::sum);
    }
    for (int n = 0; n < documents; n++) {
      int f = firsts.getOrDefault(n, 0);
      if (f != 1) {
        firstProblems += f == 0 ? 1 : f - 1;
        example(examples, "document " + n + " has " + f + " first events");
      }
      Map<Integer, Integer> states = versionStates.getOrDefault(key(n), Map.of());
      for (int k = 0; k <= edits; k++) {
        int count = states.getOrDefault(k, 0);
        if (count == 0) {
          missingVersions++;
          example(examples, "no version of document " + n + " with " + k + " clauses");
        } else if (count > 1) {
          duplicateVersions += count - 1;
          example(examples, count + " versions of document " + n + " with " + k + " clauses");
        }
      }
      for (int k = 1; k <= edits; k++) {
        int count = perClause.getOrDefault(n * 10_000 + k, 0);
        if (count == 0) {
          lostEdits++;
          example(examples, "no changed event for clause " + k + " of document " + n);
        } else if (count > 1) {
          duplicateEvents += count - 1;
          example(examples, count + " changed events for clause " + k + " of document " + n);
        }
      }
    }
    Map<String, Integer> delivered = new HashMap<>();
    for (RecordingHttpEndpoint.Request r : deliveries) {
      if ("change".equals(r.header("X-Policy-Monitor-Event"))) {
        delivered.merge(r.header("X-Policy-Monitor-Delivery"), 1, Integer::sum);
      }
    }
    int lostAlerts = 0;
    int resentAlerts = 0;
    for (String id : changeIds) {
      int count = delivered.getOrDefault(id, 0);
      if (count == 0) {
        lostAlerts++;
        example(examples, "change " + id + " never delivered");
      } else if (count > 1) {
        // the documented window: killed after the webhook took the alert, before its delivery marker was
        // acknowledged; the receiver drops the copy by its X-Policy-Monitor-Delivery id
        resentAlerts += count - 1;
        example(examples, "change " + id + " sent " + count + " times (same delivery id)");
      }
    }
    int duplicateAlerts = 0;
    for (String id : delivered.keySet()) {
      if (!changeIds.contains(id)) {
        duplicateAlerts++;
        example(examples, "delivery of an unknown change " + id);
      }
    }
    int alerts = delivered.size();
    return new Tally(changes, alerts, lostEdits, duplicateEvents, spurious, firstProblems, lostAlerts,
        duplicateAlerts, resentAlerts, missingVersions, duplicateVersions, List.copyOf(examples));
  }

  static String key(int document) {
    return String.format("v%03d/privacy-policy", document);
  }

  int lost() {
    return lostEdits + lostAlerts + missingVersions;
  }

  int duplicated() {
    return duplicateEvents + spuriousEvents + firstProblems + duplicateAlerts + duplicateVersions;
  }

  /** The details behind {@code lost} and {@code duplicated}. */
  String details() {
    return "lost: edits=" + lostEdits + " alerts=" + lostAlerts + " versions=" + missingVersions
        + "; duplicated: events=" + duplicateEvents + " spurious=" + spuriousEvents + " first=" + firstProblems
        + " alerts=" + duplicateAlerts + " versions=" + duplicateVersions
        + "; re-sent with the same delivery id (dropped by the receiver): " + resentAlerts
        + (examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples));
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 10) {
      examples.add(text);
    }
  }
}
