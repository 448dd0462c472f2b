package dev.policymonitor.streams;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.diff.Cosmetic;
import dev.policymonitor.streams.diff.SentenceSegmenter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognizes the same policy read by generic extraction (no selectors) from a new page container: every block of
 * the policy is there, in the same order, after canonicalization ({@link Cosmetic#canonical}), and only boilerplate
 * lines were added or removed before its first block or after its last one (a breadcrumb, a hero title, "related
 * links", a copyright line). A boilerplate line is short ({@value #BOILERPLATE_WORDS} words at most), does not end
 * like a sentence, and is either a line of links (navigation) or a line no privacy-practice category matches; or it
 * is a short copyright line. Any edit
 * inside the policy, or a sentence added at its edges, is not a layout change.
 */
final class Layout {
  /** An edge line longer than this is policy text, whatever it says. */
  static final int BOILERPLATE_WORDS = 12;
  /** The unchanged run of blocks holds at least this share of each text's words. */
  static final double CORE_SHARE = 0.9;
  private static final Pattern LINK_TARGET = Pattern.compile("\\]\\([^)]*\\)");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\([^)]*\\)");
  private static final Pattern MARKS = Pattern.compile("[\\[\\]*#>_|`]|^\\s*([-+•]|\\d{1,3}[.)])\\s");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？;:]\\s*$");
  private static final Pattern COPYRIGHT = Pattern.compile("^(©|\\(c\\)|copyright\\b)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final SentenceSegmenter blocks = new SentenceSegmenter();
  private final ChangeClassifier classifier;

  Layout(ChangeClassifier classifier) {
    this.classifier = classifier;
  }

  /** The boilerplate lines added and removed at the edges of a policy whose text did not change. */
  record Edges(List<String> added, List<String> removed) {
    Edges {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }

    /** "2 boilerplate lines (added "Accueil", "© 2024 Cityscoot"; removed "CGU")". */
    String describe() {
      List<String> parts = new ArrayList<>();
      if (!added.isEmpty()) {
        parts.add("added " + quoted(added));
      }
      if (!removed.isEmpty()) {
        parts.add("removed " + quoted(removed));
      }
      int n = added.size() + removed.size();
      return n + (n == 1 ? " boilerplate line" : " boilerplate lines") + " (" + String.join("; ", parts) + ")";
    }

    private static String quoted(List<String> lines) {
      List<String> q = lines.stream().limit(5).map(l -> "\"" + l + "\"").toList();
      return String.join(", ", q) + (lines.size() > 5 ? ", ..." : "");
    }
  }

  /** The edges that alone tell {@code after} from {@code before}; empty when the policy text itself changed. */
  Optional<Edges> sameTextNewContainer(String before, String after) {
    // Most blocks are the same on both sides: each distinct block is canonicalized once.
    Map<String, String> canonical = new HashMap<>();
    List<Block> bBlocks = blocks(before, canonical);
    List<Block> aBlocks = blocks(after, canonical);
    List<String> b = bBlocks.stream().map(Block::text).toList();
    List<String> a = aBlocks.stream().map(Block::text).toList();
    List<String> bKeys = bBlocks.stream().map(Block::key).toList();
    List<String> aKeys = aBlocks.stream().map(Block::key).toList();
    List<AbstractDelta<String>> deltas = DiffUtils.diff(bKeys, aKeys).getDeltas();
    if (deltas.isEmpty()) {
      return Optional.empty();
    }
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    int edgeWordsBefore = 0;
    int edgeWordsAfter = 0;
    for (AbstractDelta<String> d : deltas) {
      int s = d.getSource().getPosition();
      int t = d.getTarget().getPosition();
      boolean leading = s == 0 && t == 0;
      boolean trailing = s + d.getSource().size() == b.size() && t + d.getTarget().size() == a.size();
      if (!leading && !trailing) {
        return Optional.empty();
      }
      for (String line : b.subList(s, s + d.getSource().size())) {
        if (!boilerplate(line)) {
          return Optional.empty();
        }
        removed.add(plain(line));
        edgeWordsBefore += words(plain(line));
      }
      for (String line : a.subList(t, t + d.getTarget().size())) {
        if (!boilerplate(line)) {
          return Optional.empty();
        }
        added.add(plain(line));
        edgeWordsAfter += words(plain(line));
      }
    }
    boolean coreHolds = edgeWordsBefore <= words(b) * (1 - CORE_SHARE)
        && edgeWordsAfter <= words(a) * (1 - CORE_SHARE);
    return coreHolds ? Optional.of(new Edges(added, removed)) : Optional.empty();
  }

  private boolean boilerplate(String line) {
    String plain = plain(line);
    if (words(plain) > BOILERPLATE_WORDS) {
      return false;
    }
    if (COPYRIGHT.matcher(plain).find()) {
      return true;
    }
    return !SENTENCE_END.matcher(plain).find()
        && (linksOnly(line) || classifier.categoriesOf(plain).equals(List.of(ChangeClassifier.OTHER)));
  }

  /** True for a line of links and separators only ("[Home](/) › [Legal](/legal)"): navigation, whatever it says. */
  private static boolean linksOnly(String line) {
    return line.contains("](") && words(MARKS.matcher(LINK.matcher(line).replaceAll(" ")).replaceAll(" ")) == 0;
  }

  /** One block of a text and its canonical form, computed once (it is the costly part). */
  private record Block(String text, String key) {}

  /** The blocks of {@code text} that hold a word, with their canonical forms. */
  private List<Block> blocks(String text, Map<String, String> canonical) {
    List<Block> out = new ArrayList<>();
    for (SentenceSegmenter.Block block : blocks.blocks(text)) {
      String key = canonical.computeIfAbsent(block.text(), Cosmetic::canonical);
      if (!key.isEmpty()) {
        out.add(new Block(block.text(), key));
      }
    }
    return out;
  }

  /** A line without Markdown marks and link targets: what a reader sees. */
  private static String plain(String line) {
    return MARKS.matcher(LINK_TARGET.matcher(line).replaceAll("")).replaceAll("").strip();
  }

  private static int words(String text) {
    return (int) WORD.matcher(text).results().count();
  }

  /** The words a reader sees in {@code lines} (link targets not counted). */
  private static int words(List<String> lines) {
    return lines.stream().mapToInt(l -> words(plain(l))).sum();
  }
}
