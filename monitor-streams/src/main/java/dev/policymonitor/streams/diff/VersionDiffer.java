package dev.policymonitor.streams.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.policymonitor.model.Modification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Diffs two version texts: blocks are aligned first (java-diff-utils), then the sentences of the blocks that
 * differ. A block or sentence found unchanged elsewhere is reported as moved; a removed and an added sentence
 * whose words overlap by at least the similarity threshold (Dice coefficient of their word bags) are paired
 * as one modification with its word segments ({@link WordDiffer}) and the heading of its section.
 */
public final class VersionDiffer {
  /** Default pairing threshold: half of the words in common. */
  public static final double DEFAULT_SIMILARITY = 0.5;

  private final SentenceSegmenter segmenter;
  private final double similarity;
  private final WordDiffer words = new WordDiffer();
  /** One segmenter per language met, built on first use (ICU break iterators are costly to build, cheap to copy). */
  private final Map<String, SentenceSegmenter> byLanguage = new ConcurrentHashMap<>();

  public VersionDiffer() {
    this(new SentenceSegmenter(), DEFAULT_SIMILARITY);
  }

  /**
   * @param segmenter splits texts whose language is unknown ({@link #diff(String, String)}); a text of a known
   *     language is split by {@link SentenceSegmenter#forLanguage}
   */
  public VersionDiffer(SentenceSegmenter segmenter, double similarity) {
    this.segmenter = segmenter;
    this.similarity = similarity;
  }

  /** A sentence (or heading) with the heading of the section it is in. */
  record Unit(String text, String section) {
    String key() {
      return text;
    }
  }

  /** The diff of two texts whose language is unknown. */
  public TextDiff diff(String previous, String current) {
    return diff(previous, current, null);
  }

  /**
   * The diff of two texts of {@code language} (a BCP 47 tag; null or blank when unknown): sentences are split with
   * that language's rules and abbreviations.
   */
  public TextDiff diff(String previous, String current, String language) {
    SentenceSegmenter split = segmenterFor(language);
    List<Located> before = locate(split.blocks(previous));
    List<Located> after = locate(split.blocks(current));
    List<String> moved = new ArrayList<>();
    List<Located> removedBlocks = new ArrayList<>();
    List<Located> addedBlocks = new ArrayList<>();
    for (AbstractDelta<String> delta : DiffUtils.diff(keys(before), keys(after)).getDeltas()) {
      int s = delta.getSource().getPosition();
      int t = delta.getTarget().getPosition();
      removedBlocks.addAll(before.subList(s, s + delta.getSource().size()));
      addedBlocks.addAll(after.subList(t, t + delta.getTarget().size()));
    }
    // A whole block that only changed place is one "moved" entry, not its sentences removed and added.
    Map<String, List<Located>> addedByKey = new HashMap<>();
    addedBlocks.forEach(b -> addedByKey.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b));
    List<Located> keptRemoved = new ArrayList<>();
    for (Located b : removedBlocks) {
      List<Located> twins = addedByKey.get(b.key());
      if (twins != null && !twins.isEmpty()) {
        addedBlocks.remove(twins.remove(0));
        moved.add(b.block().text());
      } else {
        keptRemoved.add(b);
      }
    }
    List<Unit> removed = sentences(split, keptRemoved);
    List<Unit> added = sentences(split, addedBlocks);
    // Sentences of edited blocks that are equal on both sides are unchanged; equal but elsewhere, moved.
    dropCommon(removed, added, moved);
    return pair(removed, added, moved);
  }

  private void dropCommon(List<Unit> removed, List<Unit> added, List<String> moved) {
    List<Unit> r = new ArrayList<>(removed);
    List<Unit> a = new ArrayList<>(added);
    List<AbstractDelta<String>> deltas = DiffUtils.diff(r.stream().map(Unit::key).toList(),
        a.stream().map(Unit::key).toList()).getDeltas();
    List<Unit> restRemoved = new ArrayList<>();
    List<Unit> restAdded = new ArrayList<>();
    for (AbstractDelta<String> d : deltas) {
      int s = d.getSource().getPosition();
      int t = d.getTarget().getPosition();
      restRemoved.addAll(r.subList(s, s + d.getSource().size()));
      restAdded.addAll(a.subList(t, t + d.getTarget().size()));
    }
    Map<String, List<Unit>> addedByKey = new LinkedHashMap<>();
    restAdded.forEach(u -> addedByKey.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u));
    removed.clear();
    for (Unit u : restRemoved) {
      List<Unit> twins = addedByKey.get(u.key());
      if (twins != null && !twins.isEmpty()) {
        restAdded.remove(twins.remove(0));
        moved.add(u.text());
      } else {
        removed.add(u);
      }
    }
    added.clear();
    added.addAll(restAdded);
  }

  private TextDiff pair(List<Unit> removed, List<Unit> added, List<String> moved) {
    List<Candidate> candidates = new ArrayList<>();
    List<Bag> removedBags = removed.stream().map(u -> bag(u.text())).toList();
    List<Bag> addedBags = added.stream().map(u -> bag(u.text())).toList();
    for (int i = 0; i < removed.size(); i++) {
      for (int j = 0; j < added.size(); j++) {
        if (!removedBags.get(i).mayReach(addedBags.get(j), similarity)) {
          continue;
        }
        double score = dice(removedBags.get(i), addedBags.get(j));
        if (score >= similarity) {
          candidates.add(new Candidate(i, j, score));
        }
      }
    }
    candidates.sort((x, y) -> x.score != y.score ? Double.compare(y.score, x.score)
        : Integer.compare(Math.abs(x.i - x.j), Math.abs(y.i - y.j)));
    Integer[] partnerOfAdded = new Integer[added.size()];
    boolean[] removedPaired = new boolean[removed.size()];
    for (Candidate c : candidates) {
      if (!removedPaired[c.i] && partnerOfAdded[c.j] == null) {
        removedPaired[c.i] = true;
        partnerOfAdded[c.j] = c.i;
      }
    }
    List<String> addedOut = new ArrayList<>();
    List<Modification> modified = new ArrayList<>();
    for (int j = 0; j < added.size(); j++) {
      Unit a = added.get(j);
      if (partnerOfAdded[j] == null) {
        addedOut.add(a.text());
      } else {
        Unit r = removed.get(partnerOfAdded[j]);
        modified.add(new Modification(r.text(), a.text(), words.diff(r.text(), a.text()), a.section()));
      }
    }
    List<String> removedOut = new ArrayList<>();
    for (int i = 0; i < removed.size(); i++) {
      if (!removedPaired[i]) {
        removedOut.add(removed.get(i).text());
      }
    }
    return new TextDiff(addedOut, removedOut, modified, moved);
  }

  private SentenceSegmenter segmenterFor(String language) {
    if (language == null || language.isBlank()) {
      return segmenter;
    }
    return byLanguage.computeIfAbsent(language.trim().toLowerCase(Locale.ROOT), SentenceSegmenter::forLanguage);
  }

  private static List<Unit> sentences(SentenceSegmenter segmenter, List<Located> blocks) {
    List<Unit> out = new ArrayList<>();
    for (Located b : blocks) {
      for (String s : segmenter.sentences(b.block())) {
        out.add(new Unit(s, b.section()));
      }
    }
    return out;
  }

  private static List<String> keys(List<Located> blocks) {
    return blocks.stream().map(Located::key).toList();
  }

  private static List<Located> locate(List<SentenceSegmenter.Block> blocks) {
    List<Located> out = new ArrayList<>(blocks.size());
    String section = null;
    for (SentenceSegmenter.Block b : blocks) {
      if (b.heading()) {
        section = b.title();
      }
      out.add(new Located(b, b.heading() ? null : section));
    }
    return out;
  }

  /** The words of a text with their counts, and how many words in all. */
  private record Bag(Map<String, Integer> counts, int size) {
    /** False when even all of the smaller bag in common would score below {@code threshold}. */
    boolean mayReach(Bag other, double threshold) {
      int total = size + other.size;
      return total == 0 || 2.0 * Math.min(size, other.size) / total >= threshold;
    }
  }

  private static Bag bag(String text) {
    Map<String, Integer> bag = new HashMap<>();
    int size = 0;
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        bag.merge(w, 1, Integer::sum);
        size++;
      }
    }
    return new Bag(bag, size);
  }

  /**
   * How alike two sentences or blocks are: the Dice coefficient of their bags of lower-cased words, from 0 (no word
   * in common) to 1 (the same words); two texts at or above {@link #DEFAULT_SIMILARITY} are one edited text.
   */
  public static double similarity(String a, String b) {
    return dice(bag(a), bag(b));
  }

  private static double dice(Bag a, Bag b) {
    int total = a.size + b.size;
    if (total == 0) {
      return 0;
    }
    // The words in common, counted from the smaller bag (the sum of the smaller counts is the same either way).
    Bag small = a.counts.size() <= b.counts.size() ? a : b;
    Bag large = small == a ? b : a;
    int common = 0;
    for (Map.Entry<String, Integer> e : small.counts.entrySet()) {
      common += Math.min(e.getValue(), large.counts.getOrDefault(e.getKey(), 0));
    }
    return 2.0 * common / total;
  }

  private record Located(SentenceSegmenter.Block block, String section) {
    String key() {
      return block.text();
    }
  }

  private record Candidate(int i, int j, double score) {}
}
