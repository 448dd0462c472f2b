package dev.policymonitor.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A document's ignore rules, applied to what changed between two versions: a change is <b>silenced</b> when every
 * sentence it touches (added, removed, moved, and both sides of every edited sentence) matches at least one rule.
 * A change with a single sentence no rule matches is not silenced, so a real edit next to a rotating line still
 * alerts.
 */
public record IgnoreRules(List<IgnoreRule> rules) {
  public static final IgnoreRules NONE = new IgnoreRules(List.of());

  public IgnoreRules {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Why the change is silenced, when it is.
   *
   * @return the rules that matched (in rule order), or empty when some sentence matches none, when there is no
   *     sentence at all, or when a rule's regex ran out of budget on a sentence (the change then alerts)
   */
  public Optional<Silenced> silencing(List<String> added, List<String> removed, List<Modification> modified,
      List<String> moved) {
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    List<String> sentences = new ArrayList<>(added);
    sentences.addAll(removed);
    sentences.addAll(moved);
    for (Modification m : modified) {
      sentences.add(m.before());
      sentences.add(m.after());
    }
    if (sentences.isEmpty()) {
      return Optional.empty();
    }
    Set<IgnoreRule> used = new LinkedHashSet<>();
    for (String sentence : sentences) {
      IgnoreRule rule = firstMatch(sentence);
      if (rule == null) {
        return Optional.empty();
      }
      used.add(rule);
    }
    return Optional.of(new Silenced(rules.stream().filter(used::contains).toList(), sentences.size()));
  }

  /** {@link #silencing(List, List, List, List)} of a change event's sentences. */
  public Optional<Silenced> silencing(Change change) {
    return silencing(change.added(), change.removed(), change.modified(), change.moved());
  }

  /** The first rule matching {@code sentence}; null when none does, or when one gives up on it (too slow). */
  public IgnoreRule firstMatch(String sentence) {
    for (IgnoreRule r : rules) {
      try {
        if (r.matches(sentence)) {
          return r;
        }
      } catch (IgnoreRule.TooSlow e) {
        return null;
      }
    }
    return null;
  }

  /**
   * A silenced change.
   *
   * @param rules the rules that matched its sentences
   * @param sentences how many sentences (counting both sides of an edit) they covered
   */
  public record Silenced(List<IgnoreRule> rules, int sentences) {
    /** The reason a change event gives: "ignored: every changed sentence matches an ignore rule (...)". */
    public String reason() {
      return "ignored: every changed sentence matches the document's ignore rules ("
          + String.join(", ", rules.stream().map(IgnoreRule::describe).toList()) + "); recorded, never alerted";
    }
  }
}
