package dev.policymonitor.streams.diff;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.text.FilteredBreakIteratorBuilder;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits the normalizer's Markdown into blocks (headings, list items and paragraphs are separate blocks)
 * and blocks into sentences with ICU, never breaking after a known abbreviation ("e.g.", "Inc.", "U.S.").
 * ICU's {@link FilteredBreakIteratorBuilder} suppresses breaks after one-period abbreviations ("Inc.", "Dr.");
 * ICU 79 ignores suppressions with inner periods ("e.g.", "U.S.", "i.e."), so a break after one of those is
 * undone by merging the two pieces. Instances are thread-safe: each call works on its own iterator copy.
 */
public final class SentenceSegmenter {
  /** Abbreviations after which a period never ends a sentence; lower-case forms are added automatically. */
  public static final List<String> ABBREVIATIONS = List.of("e.g.", "i.e.", "Inc.", "Ltd.", "Corp.", "Co.", "Dr.",
      "Mr.", "Mrs.", "Ms.", "No.", "Nos.", "Sec.", "Art.", "U.S.", "U.K.", "E.U.", "etc.", "vs.", "approx.",
      "cf.", "para.", "Para.", "St.", "Ste.", "Jr.", "Sr.", "Fig.", "Ch.", "Reg.", "LLC.", "Pty.", "Bhd.", "a.k.a.");

  /** A Markdown link target or a bare URL. */
  private static final Pattern URL = Pattern.compile("(?<=\\]\\()[^)\\s]+(?=\\))|\\bhttps?://[^\\s)\\]]*[^\\s)\\].,;:!?'\"]");
  /** A piece ending in an opening bracket ("... [What is it?](") is never a whole sentence. */
  private static final Pattern OPEN_END = Pattern.compile("[(\\[]\\s*$");
  private static final char MASK = '\uE000';
  private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
  private static final Pattern OWN_BLOCK_LINE =
      Pattern.compile("^\\s*(#{1,6}\\s|[-*+•]\\s|\\d{1,3}[.)]\\s|>|\\|).*");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
  private static final Pattern BOLD_ONLY = Pattern.compile("^\\*\\*([^*]{1,120})\\*\\*:?$");

  /** Lower-case forms that are also ordinary words at the end of a sentence ("the answer is no."). */
  private static final Set<String> ORDINARY_WORDS =
      Set.of("no.", "co.", "art.", "sec.", "st.", "ch.", "fig.", "reg.", "para.", "nos.");

  private final BreakIterator prototype;
  private final Set<String> abbreviations = new HashSet<>();

  public SentenceSegmenter() {
    this(List.of());
  }

  /** A segmenter that also keeps {@code extraAbbreviations} (e.g. "GmbH.") inside sentences. */
  public SentenceSegmenter(List<String> extraAbbreviations) {
    FilteredBreakIteratorBuilder builder = FilteredBreakIteratorBuilder.getInstance(ULocale.ENGLISH);
    List<String> all = new ArrayList<>(ABBREVIATIONS);
    all.addAll(extraAbbreviations);
    for (String abbreviation : all) {
      abbreviations.add(abbreviation);
      builder.suppressBreakAfter(abbreviation);
      String lower = abbreviation.toLowerCase(Locale.ROOT);
      if (!ORDINARY_WORDS.contains(lower)) {
        abbreviations.add(lower);
        builder.suppressBreakAfter(lower);
      }
    }
    this.prototype = builder.wrapIteratorWithFilter(BreakIterator.getSentenceInstance(ULocale.ENGLISH));
  }

  /** One block of the text: a heading, a list item, a table row, a quote or a paragraph. */
  public record Block(String text, boolean heading) {
    /** The heading's words without Markdown marks; the text itself for other blocks. */
    public String title() {
      var m = HEADING.matcher(text);
      String t = m.matches() ? m.group(2) : text;
      var bold = BOLD_ONLY.matcher(t.trim());
      return (bold.matches() ? bold.group(1) : t).replace("**", "").trim();
    }
  }

  /** The blocks of a Markdown text, in order; soft line breaks inside a paragraph become spaces. */
  public List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    for (String chunk : BLANK_LINES.split(markdown.replace("\r\n", "\n"))) {
      StringBuilder paragraph = new StringBuilder();
      for (String line : chunk.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (OWN_BLOCK_LINE.matcher(line).matches()) {
          flush(paragraph, blocks);
          add(line, blocks);
        } else {
          if (paragraph.length() > 0) {
            paragraph.append(' ');
          }
          paragraph.append(line.strip());
        }
      }
      flush(paragraph, blocks);
    }
    return blocks;
  }

  /** The sentences of one block; a heading is one sentence. Whitespace inside sentences is collapsed. */
  public List<String> sentences(Block block) {
    return block.heading() ? List.of(block.text()) : sentences(block.text());
  }

  /** The sentences of a run of prose. */
  public List<String> sentences(String prose) {
    // Link targets and URLs hold "?" and "." that ICU would take for sentence ends: hide them while splitting.
    List<String> hidden = new ArrayList<>();
    Matcher m = URL.matcher(prose);
    StringBuilder masked = new StringBuilder();
    while (m.find()) {
      hidden.add(m.group());
      m.appendReplacement(masked, String.valueOf(MASK));
    }
    m.appendTail(masked);
    String text = masked.toString();
    BreakIterator it = (BreakIterator) prototype.clone();
    it.setText(text);
    List<String> out = new ArrayList<>();
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; end = it.next()) {
      if (end < text.length() && (endsWithAbbreviation(text.substring(start, end))
          || OPEN_END.matcher(text.substring(start, end)).find())) {
        continue;
      }
      String sentence = collapse(unmask(text.substring(start, end), hidden));
      if (!sentence.isEmpty()) {
        out.add(sentence);
      }
      start = end;
    }
    return out;
  }

  /** Puts the hidden URLs back, in order (sentences are produced in text order). */
  private static String unmask(String piece, List<String> hidden) {
    if (piece.indexOf(MASK) < 0) {
      return piece;
    }
    StringBuilder out = new StringBuilder();
    for (char c : piece.toCharArray()) {
      if (c == MASK) {
        out.append(hidden.remove(0));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private boolean endsWithAbbreviation(String piece) {
    String trimmed = piece.stripTrailing();
    int space = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\u00a0'));
    String last = trimmed.substring(space + 1).replaceFirst("^[(\\[\"“‘'«]+", "");
    return abbreviations.contains(last);
  }

  static String collapse(String s) {
    return s.replaceAll("[\\s\\u00a0]+", " ").strip();
  }

  private static void flush(StringBuilder paragraph, List<Block> blocks) {
    if (paragraph.length() > 0) {
      add(paragraph.toString(), blocks);
      paragraph.setLength(0);
    }
  }

  private static void add(String raw, List<Block> blocks) {
    String text = collapse(raw);
    if (!text.isEmpty()) {
      boolean heading = HEADING.matcher(text).matches() || BOLD_ONLY.matcher(text).matches();
      blocks.add(new Block(text, heading));
    }
  }
}
