package dev.policymonitor.web.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.Target;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an import would do to the tracked documents, computed before anything is written (the dry run the page
 * shows): documents added, documents changed (and which of their settings), documents removed (only when the import
 * replaces the whole list) and how many stay as they are.
 */
record ImportPlan(List<Target> added, List<Changed> changed, List<Target> removed, int unchanged) {

  /** A document whose settings the import changes: the new target and the names of the settings that differ. */
  record Changed(Target before, Target after, List<String> fields) {}

  /**
   * @param incoming the documents of the imported file or declaration
   * @param existing what is tracked now
   * @param replace true to untrack what {@code incoming} does not list
   */
  static ImportPlan of(List<Target> incoming, List<Target> existing, boolean replace) {
    Map<PolicyKey, Target> now = existing.stream().collect(Collectors.toMap(Target::key, Function.identity()));
    List<Target> added = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    int unchanged = 0;
    for (Target t : incoming) {
      Target before = now.get(t.key());
      if (before == null) {
        added.add(t);
        continue;
      }
      List<String> fields = differences(before, t);
      if (fields.isEmpty()) {
        unchanged++;
      } else {
        changed.add(new Changed(before, t, fields));
      }
    }
    List<PolicyKey> listed = incoming.stream().map(Target::key).toList();
    List<Target> removed = replace
        ? existing.stream().filter(t -> !listed.contains(t.key())).toList() : List.of();
    return new ImportPlan(added, changed, removed, unchanged);
  }

  /** The targets to write: the added ones and the changed ones, each changed one keeping its rules' history. */
  List<Target> toWrite() {
    List<Target> out = new ArrayList<>(added);
    for (Changed c : changed) {
      out.add(c.after().history().isEmpty() ? c.after().withHistory(c.before().history()) : c.after());
    }
    return out;
  }

  boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }

  /** The settings of a document that differ: {@code name}, {@code pollInterval}, then the declaration's keys. */
  private static List<String> differences(Target before, Target after) {
    List<String> fields = new ArrayList<>();
    if (!Objects.equals(before.vendorName(), after.vendorName())) {
      fields.add("name");
    }
    if (!Objects.equals(before.pollInterval(), after.pollInterval())) {
      fields.add("pollInterval");
    }
    JsonNode a = Json.mapper().valueToTree(before.declaration());
    JsonNode b = Json.mapper().valueToTree(after.declaration());
    TreeSet<String> keys = new TreeSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    b.fieldNames().forEachRemaining(keys::add);
    keys.remove("pollInterval"); // compared as the resolved interval above
    for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
      String k = it.next();
      if (!Objects.equals(a.get(k), b.get(k))) {
        fields.add(k);
      }
    }
    if (!after.history().isEmpty() && !after.history().equals(before.history())) {
      fields.add("history");
    }
    return fields;
  }
}
