package dev.policymonitor.streams.classify;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Modification;
import dev.policymonitor.model.Severity;
import dev.policymonitor.streams.diff.Prefilter;
import dev.policymonitor.streams.diff.TextDiff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Puts each changed sentence of a diff into privacy-practice categories (OPP-115 plus sale of data,
 * children, AI training and effective dates) and derives a severity with the reasons that produced it, from
 * {@link ClassificationRules} (English and every bundled language) and from the periods and dates of edited
 * retention and effective-date sentences ({@link TimeLimits}). Thread-safe once built.
 *
 * <p>Each pattern runs only on sentences that hold the words it cannot match without ({@link Prefilter}): most of
 * the patterns are for other languages or other practices, and a case-insensitive regex costs microseconds a
 * sentence.
 */
public final class ChangeClassifier {
  /** The category of a sentence no pattern matches. */
  public static final String OTHER = "other";
  private static final int EXCERPT = 140;

  private final List<CompiledCategory> categories = new ArrayList<>();
  private final List<CompiledRule> rules = new ArrayList<>();

  public ChangeClassifier() {
    this(ClassificationRules.bundled());
  }

  public ChangeClassifier(ClassificationRules rules) {
    for (ClassificationRules.Category c : rules.categories()) {
      List<Filtered> patterns = c.patterns().stream().map(p -> new Filtered(compile(p, "category " + c.id())))
          .toList();
      categories.add(new CompiledCategory(c.id(), c.severity() == null ? Severity.LOW : c.severity(), patterns));
    }
    for (ClassificationRules.Rule r : rules.rules()) {
      if (r.pattern() == null) {
        throw new InvalidConfigException("classification rule " + r.id() + " has no pattern");
      }
      this.rules.add(new CompiledRule(r, new Filtered(compile(r.pattern(), "rule " + r.id())),
          r.unless() == null ? null : compile(r.unless(), "rule " + r.id())));
    }
  }

  /** The categories of one sentence; {@value #OTHER} when none matches. */
  public List<String> categoriesOf(String sentence) {
    String folded = Prefilter.fold(sentence);
    List<String> out = new ArrayList<>();
    for (CompiledCategory c : categories) {
      if (c.patterns.stream().anyMatch(p -> p.find(sentence, folded))) {
        out.add(c.id);
      }
    }
    return out.isEmpty() ? List.of(OTHER) : out;
  }

  /** Classifies the changed sentences of {@code diff}; moved sentences alone are low severity. */
  public Classification classify(TextDiff diff) {
    Set<String> found = new LinkedHashSet<>();
    List<String> changed = new ArrayList<>(diff.added());
    changed.addAll(diff.removed());
    for (Modification m : diff.modified()) {
      changed.add(m.before());
      changed.add(m.after());
    }
    // An edited sentence is looked at twice (its categories, then its periods and dates): read each one once.
    Map<String, List<String>> categoriesBySentence = new HashMap<>();
    changed.forEach(s -> found.addAll(categoriesBySentence.computeIfAbsent(s, this::categoriesOf)));
    Severity severity = Severity.LOW;
    List<String> reasons = new ArrayList<>();
    List<String> atBase = new ArrayList<>();
    for (CompiledCategory c : categories) {
      if (found.contains(c.id) && c.severity.compareTo(Severity.LOW) > 0) {
        severity = max(severity, c.severity);
        atBase.add(c.id);
      }
    }
    if (!atBase.isEmpty()) {
      reasons.add(severity.wire() + ": changed sentences about " + String.join(", ", atBase));
    }
    for (Modification m : diff.modified()) {
      List<String> touched = new ArrayList<>(categoriesBySentence.get(m.before()));
      touched.addAll(categoriesBySentence.get(m.after()));
      var finding = TimeLimits.of(m, touched);
      if (finding.isPresent()) {
        severity = max(severity, finding.get().severity());
        reasons.add(finding.get().severity().wire() + ": " + finding.get().reason() + " (\"" + excerpt(m.after())
            + "\")");
      }
    }
    for (CompiledRule r : rules) {
      for (String hit : hits(r, diff)) {
        severity = max(severity, r.rule.severity());
        reasons.add(r.rule.severity().wire() + ": " + r.rule.reason() + " (\"" + excerpt(hit) + "\")");
      }
    }
    if (changed.isEmpty()) {
      reasons.add("low: sentences only moved");
    } else if (reasons.isEmpty()) {
      reasons.add("low: no privacy practice recognized in the changed sentences");
    }
    List<String> ordered = new ArrayList<>();
    categories.forEach(c -> {
      if (found.contains(c.id)) {
        ordered.add(c.id);
      }
    });
    if (found.contains(OTHER)) {
      ordered.add(OTHER);
    }
    return new Classification(severity, ordered, reasons);
  }

  private List<String> hits(CompiledRule r, TextDiff diff) {
    List<String> hits = new ArrayList<>();
    ClassificationRules.Side side = r.rule.side();
    boolean added = side != ClassificationRules.Side.REMOVED;
    boolean removed = side != ClassificationRules.Side.ADDED;
    if (added) {
      diff.added().stream().filter(r::matches).forEach(hits::add);
    }
    if (removed) {
      diff.removed().stream().filter(r::matches).forEach(hits::add);
    }
    for (Modification m : diff.modified()) {
      boolean before = r.matches(m.before());
      boolean after = r.matches(m.after());
      if (added && after && !before) {
        hits.add(m.after());
      } else if (removed && before && !after) {
        hits.add(m.before());
      }
    }
    return hits;
  }

  private static String excerpt(String s) {
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT - 3) + "...";
  }

  private static Severity max(Severity a, Severity b) {
    return a.atLeast(b) ? a : b;
  }

  private static Pattern compile(String regex, String where) {
    try {
      return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw new InvalidConfigException("classification " + where + ": bad pattern: " + e.getDescription()
          + " in " + regex);
    }
  }

  /** A pattern and the words it needs: {@link #find} runs the regex only when they are there. */
  private record Filtered(Pattern pattern, Prefilter prefilter) {
    Filtered(Pattern pattern) {
      this(pattern, Prefilter.of(pattern));
    }

    boolean find(String sentence, String folded) {
      return prefilter.mayMatch(folded) && pattern.matcher(sentence).find();
    }
  }

  private record CompiledCategory(String id, Severity severity, List<Filtered> patterns) {}

  private record CompiledRule(ClassificationRules.Rule rule, Filtered pattern, Pattern unless) {
    boolean matches(String sentence) {
      return pattern.find(sentence, Prefilter.fold(sentence)) && (unless == null || !unless.matcher(sentence).find());
    }
  }
}
