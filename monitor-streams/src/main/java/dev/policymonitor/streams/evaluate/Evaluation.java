package dev.policymonitor.streams.evaluate;

import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeFlag;
import dev.policymonitor.model.ChangeKind;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The score of labelled histories against the change events a replay gave: per capture, what its label asks for
 * and what came ({@link LabelledHistory.Capture#satisfiedBy}); per history and in total, recall (real changes that
 * gave a {@code changed} event), false alerts (captures without a real change that gave one) and disagreements.
 */
public record Evaluation(List<History> histories) {
  /** Labels of a real change of the policy. */
  static final Set<String> REAL = Set.of("substantive", "change");
  /** Labels of a capture without a real change: a {@code changed} event on one is a false alert. */
  static final Set<String> QUIET = Set.of("noise", "cosmetic", "reextract");
  private static final int REASON_CHARS = 240;

  public Evaluation {
    histories = List.copyOf(histories);
  }

  /** One capture: its label, its events (in the order the topology wrote them) and whether they agree. */
  public record Result(LabelledHistory.Capture capture, List<Change> changes) {
    public Result {
      changes = List.copyOf(changes);
    }

    public boolean agrees() {
      return capture.satisfiedBy(changes);
    }

    public boolean realChange() {
      return REAL.contains(capture.expected());
    }

    /** A real change that gave a {@code changed} event. */
    public boolean found() {
      return realChange() && changed();
    }

    /** A capture without a real change that gave a {@code changed} event. */
    public boolean falseAlert() {
      return QUIET.contains(capture.expected()) && changed();
    }

    private boolean changed() {
      return LabelledHistory.resolved(changes).stream().anyMatch(c -> c.kind() == ChangeKind.CHANGED);
    }
  }

  /**
   * One history's results.
   *
   * @param rules how its captures were read, in a word ({@code generic}, {@code selectors})
   * @param unattributed events whose capture time is none of the history's captures (each one is a disagreement)
   */
  public record History(String name, String rules, LabelledHistory history, List<Result> results,
      List<Change> unattributed) {
    public History {
      results = List.copyOf(results);
      unattributed = List.copyOf(unattributed);
    }

    long agreeing() {
      return results.stream().filter(Result::agrees).count();
    }

    long real() {
      return results.stream().filter(Result::realChange).count();
    }

    long found() {
      return results.stream().filter(Result::found).count();
    }

    long quiet() {
      return results.stream().filter(r -> QUIET.contains(r.capture().expected())).count();
    }

    long falseAlerts() {
      return results.stream().filter(Result::falseAlert).count();
    }

    long disagreements() {
      return results.size() - agreeing() + unattributed.size();
    }

    /** The language the monitor found (the most frequent among the events), "?" when none said. */
    String language() {
      Map<String, Long> counts = new java.util.TreeMap<>();
      results.forEach(r -> r.changes().stream().map(Change::language).filter(java.util.Objects::nonNull)
          .forEach(l -> counts.merge(l, 1L, Long::sum)));
      String found = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
      String labelled = history.language();
      return labelled == null || labelled.equals(found) ? found : found + " (manifest: " + labelled + ")";
    }
  }

  /** Scores one history against the events of its document, attributed to captures by their capture time. */
  public static History score(String name, String rules, LabelledHistory history, List<Change> changes) {
    Map<Instant, List<Change>> byCapture = new LinkedHashMap<>();
    history.captures().forEach(c -> byCapture.put(c.capturedAt(), new ArrayList<>()));
    List<Change> unattributed = new ArrayList<>();
    for (Change c : changes) {
      List<Change> of = byCapture.get(c.capturedAt());
      if (of == null) {
        unattributed.add(c);
      } else {
        of.add(c);
      }
    }
    List<Result> results = history.captures().stream().map(c -> new Result(c, byCapture.get(c.capturedAt())))
        .toList();
    return new History(name, rules, history, results, unattributed);
  }

  public long captures() {
    return histories.stream().mapToLong(h -> h.results().size()).sum();
  }

  public long realChanges() {
    return histories.stream().mapToLong(History::real).sum();
  }

  public long found() {
    return histories.stream().mapToLong(History::found).sum();
  }

  public long quietCaptures() {
    return histories.stream().mapToLong(History::quiet).sum();
  }

  public long falseAlerts() {
    return histories.stream().mapToLong(History::falseAlerts).sum();
  }

  public long disagreements() {
    return histories.stream().mapToLong(History::disagreements).sum();
  }

  /** The report: one line per history, the totals, then every disagreement with the events' reasons. */
  public void print(PrintWriter out) {
    int width = Math.max("history".length(), histories.stream().mapToInt(h -> h.name().length()).max().orElse(0));
    int rulesWidth = Math.max("rules".length(), histories.stream().mapToInt(h -> h.rules().length()).max().orElse(0));
    int langWidth = Math.max("lang".length(), histories.stream().mapToInt(h -> h.language().length()).max().orElse(0));
    String row = "%-" + width + "s  %-" + rulesWidth + "s  %-" + langWidth + "s  %8s  %5s  %12s  %5s  %12s%n";
    out.printf(Locale.ROOT, row, "history", "rules", "lang", "captures", "agree", "real changes", "found",
        "false alerts");
    for (History h : histories) {
      out.printf(Locale.ROOT, row, h.name(), h.rules(), h.language(), h.results().size(), h.agreeing(), h.real(),
          h.found(), h.falseAlerts());
    }
    out.printf(Locale.ROOT, row, "total", "", "", captures(), histories.stream().mapToLong(History::agreeing).sum(),
        realChanges(), found(), falseAlerts());
    out.printf(Locale.ROOT, "recall: %d/%d real changes gave a changed event (%s)%n", found(), realChanges(),
        percent(found(), realChanges()));
    out.printf(Locale.ROOT, "false alerts: %d changed events on %d captures without a real change (noise, "
        + "cosmetic, re-extraction)%n", falseAlerts(), quietCaptures());
    out.printf(Locale.ROOT, "disagreements: %d%n", disagreements());
    for (History h : histories) {
      for (Result r : h.results()) {
        if (!r.agrees()) {
          out.println("  " + h.name() + "/" + r.capture().name() + ": expected " + expectation(r.capture())
              + ", got " + got(r.changes()));
        }
      }
      for (Change c : h.unattributed()) {
        out.println("  " + h.name() + ": an event for no labelled capture (captured at " + c.capturedAt() + "): "
            + got(List.of(c)));
      }
    }
    out.flush();
  }

  private static String expectation(LabelledHistory.Capture c) {
    String what = switch (c.expected()) {
      case "first-capture", "first" -> "first";
      case "substantive", "change" -> "one changed event (a real change)";
      case "cosmetic", "reextract" -> "no changed and no extraction-failed event (" + c.expected() + ")";
      case "date-only" -> "no extraction-failed event (date-only)";
      case "noise" -> "no event (noise)";
      default -> c.expected();
    };
    return what + (c.expectedFlags() == null ? "" : " with flags " + c.expectedFlags());
  }

  private static String got(List<Change> changes) {
    if (changes.isEmpty()) {
      return "no event";
    }
    List<String> parts = new ArrayList<>();
    for (Change c : changes) {
      String flags = c.flags().isEmpty() ? "" : " " + c.flags().stream().map(ChangeFlag::wire).toList();
      String reason = c.reasons().isEmpty() ? "" : " (" + truncate(c.reasons().get(0)) + ")";
      parts.add(c.kind().wire() + flags + reason);
    }
    return String.join(", then ", parts);
  }

  private static String truncate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= REASON_CHARS ? one : one.substring(0, REASON_CHARS - 3) + "...";
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "no real change labelled" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
