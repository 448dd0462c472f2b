package dev.policymonitor.streams.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Word-level F1 of two texts: each text is lower-cased and split on every character that is not a letter or a
 * digit (so punctuation and Markdown syntax are stripped, and a URL counts as its words); the two multisets of
 * tokens give precision = common/|candidate|, recall = common/|reference|, F1 = 2PR/(P+R).
 */
final class WordF1 {
  private WordF1() {}

  static double f1(String candidate, String reference) {
    Map<String, Integer> c = tokens(candidate);
    Map<String, Integer> r = tokens(reference);
    long nc = c.values().stream().mapToLong(Integer::longValue).sum();
    long nr = r.values().stream().mapToLong(Integer::longValue).sum();
    if (nc == 0 || nr == 0) {
      return nc == nr ? 1.0 : 0.0;
    }
    long common = 0;
    for (Map.Entry<String, Integer> e : c.entrySet()) {
      common += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
    }
    double precision = (double) common / nc;
    double recall = (double) common / nr;
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  static Map<String, Integer> tokens(String text) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        counts.merge(t, 1, Integer::sum);
      }
    }
    return counts;
  }
}
