package dev.policymonitor.streams;

import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.IgnoreRule;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.normalize.Extraction;
import dev.policymonitor.normalize.Normalizer;
import dev.policymonitor.streams.diff.SentenceSegmenter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * What a declaration would make of one snapshot, before anyone saves it: the extracted text (as change detection
 * would read it, with the same {@link Normalizer}) and its health (the checks change detection applies:
 * {@link ExtractionHealth}'s empty text, JavaScript shell and shrink against the document's current version, plus the
 * normalizer's own refusals such as a selector that matched nothing), how many elements each CSS selector matches,
 * and which sentences the ignore rules would match. Stateless; the web page's selector preview uses it.
 */
public final class ExtractionPreview {
  /** Longest text returned; the counts are of the whole text. */
  public static final int MAX_TEXT_CHARS = 200_000;
  /** Most sentences listed per ignore rule. */
  public static final int MAX_IGNORED_SENTENCES = 20;

  private final Normalizer normalizer = new Normalizer();
  private final ExtractionHealth health;

  public ExtractionPreview(DetectionSettings settings) {
    this.health = new ExtractionHealth(settings.shrinkRatio());
  }

  /**
   * Previews {@code declaration} on {@code snapshot}.
   *
   * @param previousText the document's current version text (for the shrink check); null for a new document
   */
  public Result preview(Snapshot snapshot, DocumentDeclaration declaration, String previousText) {
    List<SelectorCount> counts = selectorCounts(snapshot, declaration);
    Extraction extraction;
    try {
      extraction = normalizer.extract(snapshot, declaration);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Result(false, List.of("cannot extract: " + why), "", false, 0, 0, null, List.of(), counts,
          List.of(), previousText == null ? null : previousText.strip().length());
    }
    String text = extraction.text();
    List<String> problems = new ArrayList<>();
    health.problem(snapshot, text, previousText).ifPresent(problems::add);
    SentenceSegmenter segmenter = SentenceSegmenter.forLanguage(extraction.language());
    List<String> sentences = new ArrayList<>();
    for (SentenceSegmenter.Block b : segmenter.blocks(text)) {
      sentences.addAll(segmenter.sentences(b));
    }
    boolean truncated = text.length() > MAX_TEXT_CHARS;
    return new Result(problems.isEmpty(), problems, truncated ? text.substring(0, MAX_TEXT_CHARS) : text, truncated,
        text.strip().length(), sentences.size(), extraction.language(), extraction.warnings(), counts,
        ignored(declaration.ignore(), sentences), previousText == null ? null : previousText.strip().length());
  }

  /** The sentences of {@code text} each rule matches (at most {@link #MAX_IGNORED_SENTENCES} listed per rule). */
  public static List<IgnoredSentences> ignored(List<IgnoreRule> rules, List<String> sentences) {
    List<IgnoredSentences> out = new ArrayList<>();
    for (IgnoreRule rule : rules) {
      List<String> matched = new ArrayList<>();
      int count = 0;
      boolean tooSlow = false;
      for (String s : sentences) {
        try {
          if (rule.matches(s)) {
            count++;
            if (matched.size() < MAX_IGNORED_SENTENCES) {
              matched.add(s);
            }
          }
        } catch (IgnoreRule.TooSlow e) {
          tooSlow = true;
        }
      }
      out.add(new IgnoredSentences(rule, count, matched, tooSlow));
    }
    return out;
  }

  private static List<SelectorCount> selectorCounts(Snapshot snapshot, DocumentDeclaration declaration) {
    if (declaration.select().isEmpty() && declaration.remove().isEmpty()) {
      return List.of();
    }
    String type = snapshot.contentType() == null ? "" : snapshot.contentType().toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.contains("html")) {
      return List.of();
    }
    Document doc = Jsoup.parse(new String(snapshot.body(), charset(snapshot.charset())), snapshot.url());
    List<SelectorCount> out = new ArrayList<>();
    declaration.select().forEach(s -> out.add(count(doc, "select", s)));
    declaration.remove().forEach(s -> out.add(count(doc, "remove", s)));
    return out;
  }

  private static SelectorCount count(Document doc, String role, Selector s) {
    if (s.isRange()) {
      String start = s.startBefore() != null ? s.startBefore() : s.startAfter();
      String end = s.endBefore() != null ? s.endBefore() : s.endAfter();
      return new SelectorCount(role, s.toString(), Math.min(matches(doc, start), matches(doc, end)));
    }
    return new SelectorCount(role, s.css(), matches(doc, s.css()));
  }

  private static int matches(Document doc, String css) {
    try {
      return doc.select(css).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * A preview.
   *
   * @param healthy true when change detection would take the text as a version
   * @param problems why it would not (empty, JavaScript shell, shrink, selector matched nothing, ...)
   * @param text the extracted text (Markdown), cut at {@link #MAX_TEXT_CHARS}
   * @param characters length of the whole text
   * @param sentences sentences of the whole text, as the differ splits them
   * @param warnings the normalizer's warnings (skipped filters, language mismatch, decoding)
   * @param selectors elements each CSS selector matches on the page (HTML only)
   * @param ignored what each ignore rule matches in the text
   * @param previousCharacters length of the document's current version, when compared with one
   */
  public record Result(boolean healthy, List<String> problems, String text, boolean truncated, int characters,
      int sentences, String language, List<String> warnings, List<SelectorCount> selectors,
      List<IgnoredSentences> ignored, Integer previousCharacters) {
    /** The first problem, if any. */
    public Optional<String> problem() {
      return problems.stream().findFirst();
    }
  }

  /** @param role {@code select} or {@code remove} */
  public record SelectorCount(String role, String selector, int matches) {}

  /**
   * @param count sentences the rule matches
   * @param sentences the first of them
   * @param tooSlow true when the rule gave up on some sentence (its changes would alert)
   */
  public record IgnoredSentences(IgnoreRule rule, int count, List<String> sentences, boolean tooSlow) {}
}
